import Foundation

// MARK: - Operations

extension AutoScaling {
    /// Every group matching the request (all pages of `DescribeAutoScalingGroups`).
    public func describeAutoScalingGroups(
        _ request: DescribeAutoScalingGroupsRequest
    ) async throws -> [AutoScalingGroup] {
        try await paginator("DescribeAutoScalingGroups", request, response: DescribeAutoScalingGroupsResponse.self)
            .allItems()
    }

    /// `UpdateAutoScalingGroup`: points the group at a launch configuration or a launch template.
    public func updateAutoScalingGroup(_ request: UpdateAutoScalingGroupRequest) async throws {
        _ = try await call("UpdateAutoScalingGroup", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension AutoScaling {
    /// `AutoScalingGroup`.
    public struct AutoScalingGroup: Decodable, Sendable, Hashable {
        public var autoScalingGroupName: String
        public var autoScalingGroupARN: String?
        public var launchConfigurationName: String?
        public var launchTemplate: LaunchTemplateSpecification?
        public var mixedInstancesPolicy: MixedInstancesPolicy?
        public var minSize: Int?
        public var maxSize: Int?
        public var desiredCapacity: Int?
        public var status: String?
        @XMLList public var instances: [Instance]
        @XMLList public var tags: [TagDescription]

        /// Every launch template the group pins: its own, its mixed-instances policy's and the overrides'.
        public var launchTemplates: [LaunchTemplateSpecification] {
            var all: [LaunchTemplateSpecification] = []
            if let launchTemplate { all.append(launchTemplate) }
            if let policy = mixedInstancesPolicy?.launchTemplate {
                if let specification = policy.launchTemplateSpecification { all.append(specification) }
                all += policy.overrides.compactMap(\.launchTemplateSpecification)
            }
            return all
        }

        public init(
            autoScalingGroupName: String, autoScalingGroupARN: String? = nil, launchConfigurationName: String? = nil,
            launchTemplate: AutoScaling.LaunchTemplateSpecification? = nil,
            mixedInstancesPolicy: AutoScaling.MixedInstancesPolicy? = nil, minSize: Int? = nil, maxSize: Int? = nil,
            desiredCapacity: Int? = nil, status: String? = nil, instances: [AutoScaling.Instance] = [],
            tags: [AutoScaling.TagDescription] = []
        ) {
            self.autoScalingGroupName = autoScalingGroupName
            self.autoScalingGroupARN = autoScalingGroupARN
            self.launchConfigurationName = launchConfigurationName
            self.launchTemplate = launchTemplate
            self.mixedInstancesPolicy = mixedInstancesPolicy
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
            self.status = status
            self._instances = XMLList(wrappedValue: instances)
            self._tags = XMLList(wrappedValue: tags)
        }

        enum CodingKeys: String, CodingKey {
            case autoScalingGroupName = "AutoScalingGroupName", autoScalingGroupARN = "AutoScalingGroupARN"
            case launchConfigurationName = "LaunchConfigurationName", launchTemplate = "LaunchTemplate"
            case mixedInstancesPolicy = "MixedInstancesPolicy", minSize = "MinSize", maxSize = "MaxSize"
            case desiredCapacity = "DesiredCapacity", status = "Status", instances = "Instances", tags = "Tags"
        }
    }

    /// `MixedInstancesPolicy`.
    public struct MixedInstancesPolicy: Codable, Sendable, Hashable {
        public var launchTemplate: MixedLaunchTemplate?

        public init(launchTemplate: MixedLaunchTemplate? = nil) {
            self.launchTemplate = launchTemplate
        }

        enum CodingKeys: String, CodingKey {
            case launchTemplate = "LaunchTemplate"
        }
    }

    /// `LaunchTemplate` of a mixed-instances policy.
    public struct MixedLaunchTemplate: Codable, Sendable, Hashable {
        public var launchTemplateSpecification: LaunchTemplateSpecification?
        @XMLList public var overrides: [LaunchTemplateOverrides]

        public init(
            launchTemplateSpecification: LaunchTemplateSpecification? = nil, overrides: [LaunchTemplateOverrides] = []
        ) {
            self.launchTemplateSpecification = launchTemplateSpecification
            self.overrides = overrides
        }

        enum CodingKeys: String, CodingKey {
            case launchTemplateSpecification = "LaunchTemplateSpecification", overrides = "Overrides"
        }
    }

    /// `LaunchTemplateOverrides`: an instance type, possibly with its own launch template.
    public struct LaunchTemplateOverrides: Codable, Sendable, Hashable {
        public var instanceType: String?
        public var launchTemplateSpecification: LaunchTemplateSpecification?

        public init(instanceType: String? = nil, launchTemplateSpecification: LaunchTemplateSpecification? = nil) {
            self.instanceType = instanceType
            self.launchTemplateSpecification = launchTemplateSpecification
        }

        enum CodingKeys: String, CodingKey {
            case instanceType = "InstanceType", launchTemplateSpecification = "LaunchTemplateSpecification"
        }
    }

    /// `Instance` of a group.
    public struct Instance: Decodable, Sendable, Hashable {
        public var instanceId: String
        public var instanceType: String?
        public var availabilityZone: String?
        /// `Pending`, `InService`, `Terminating`, …
        public var lifecycleState: String?
        public var healthStatus: String?
        public var launchConfigurationName: String?
        public var launchTemplate: LaunchTemplateSpecification?
        public var imageId: String?

        public init(
            instanceId: String, instanceType: String? = nil, availabilityZone: String? = nil,
            lifecycleState: String? = nil, healthStatus: String? = nil, launchConfigurationName: String? = nil,
            launchTemplate: AutoScaling.LaunchTemplateSpecification? = nil, imageId: String? = nil
        ) {
            self.instanceId = instanceId
            self.instanceType = instanceType
            self.availabilityZone = availabilityZone
            self.lifecycleState = lifecycleState
            self.healthStatus = healthStatus
            self.launchConfigurationName = launchConfigurationName
            self.launchTemplate = launchTemplate
            self.imageId = imageId
        }

        enum CodingKeys: String, CodingKey {
            case instanceId = "InstanceId", instanceType = "InstanceType", availabilityZone = "AvailabilityZone"
            case lifecycleState = "LifecycleState", healthStatus = "HealthStatus"
            case launchConfigurationName = "LaunchConfigurationName", launchTemplate = "LaunchTemplate"
            case imageId = "ImageId"
        }
    }

    /// `TagDescription`.
    public struct TagDescription: Decodable, Sendable, Hashable {
        public var resourceId: String?
        public var resourceType: String?
        public var key: String
        public var value: String
        public var propagateAtLaunch: Bool?

        public init(
            resourceId: String? = nil, resourceType: String? = nil, key: String, value: String,
            propagateAtLaunch: Bool? = nil
        ) {
            self.resourceId = resourceId
            self.resourceType = resourceType
            self.key = key
            self.value = value
            self.propagateAtLaunch = propagateAtLaunch
        }

        enum CodingKeys: String, CodingKey {
            case resourceId = "ResourceId", resourceType = "ResourceType", key = "Key", value = "Value"
            case propagateAtLaunch = "PropagateAtLaunch"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resourceId = try container.decodeIfPresent(String.self, forKey: .resourceId)
            resourceType = try container.decodeIfPresent(String.self, forKey: .resourceType)
            key = try container.decode(String.self, forKey: .key)
            value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
            propagateAtLaunch = try container.decodeIfPresent(Bool.self, forKey: .propagateAtLaunch)
        }
    }

    /// `AutoScalingGroupNamesType`.
    public struct DescribeAutoScalingGroupsRequest: Encodable, PaginatedRequest {
        public var autoScalingGroupNames: [String]?
        public var filters: [Filter]?
        public var includeInstances: Bool?
        public var maxRecords: Int?
        public var nextToken: String?

        public init(
            autoScalingGroupNames: [String]? = nil, filters: [Filter]? = nil, includeInstances: Bool? = nil,
            maxRecords: Int? = nil
        ) {
            self.autoScalingGroupNames = autoScalingGroupNames
            self.filters = filters
            self.includeInstances = includeInstances
            self.maxRecords = maxRecords
        }

        enum CodingKeys: String, CodingKey {
            case autoScalingGroupNames = "AutoScalingGroupNames", filters = "Filters"
            case includeInstances = "IncludeInstances", maxRecords = "MaxRecords", nextToken = "NextToken"
        }
    }

    /// `AutoScalingGroupsType`: one page.
    public struct DescribeAutoScalingGroupsResponse: Decodable, PaginatedResponse {
        @XMLList public var autoScalingGroups: [AutoScalingGroup]
        public var nextToken: String?
        public var items: [AutoScalingGroup] { autoScalingGroups }

        enum CodingKeys: String, CodingKey {
            case autoScalingGroups = "AutoScalingGroups", nextToken = "NextToken"
        }
    }

    /// `UpdateAutoScalingGroupType`: the members a rollout changes.
    public struct UpdateAutoScalingGroupRequest: Encodable, Sendable {
        public var autoScalingGroupName: String
        public var launchConfigurationName: String?
        public var launchTemplate: LaunchTemplateSpecification?

        public init(
            autoScalingGroupName: String, launchConfigurationName: String? = nil,
            launchTemplate: LaunchTemplateSpecification? = nil
        ) {
            self.autoScalingGroupName = autoScalingGroupName
            self.launchConfigurationName = launchConfigurationName
            self.launchTemplate = launchTemplate
        }

        enum CodingKeys: String, CodingKey {
            case autoScalingGroupName = "AutoScalingGroupName", launchConfigurationName = "LaunchConfigurationName"
            case launchTemplate = "LaunchTemplate"
        }
    }
}
