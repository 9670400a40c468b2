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
    }

    /// `MixedInstancesPolicy`.
    public struct MixedInstancesPolicy: Codable, Sendable, Hashable {
        public var launchTemplate: MixedLaunchTemplate?

        public init(launchTemplate: MixedLaunchTemplate? = nil) {
            self.launchTemplate = launchTemplate
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
    }

    /// `LaunchTemplateOverrides`: an instance type, possibly with its own launch template.
    public struct LaunchTemplateOverrides: Codable, Sendable, Hashable {
        public var instanceType: String?
        public var launchTemplateSpecification: LaunchTemplateSpecification?

        public init(instanceType: String? = nil, launchTemplateSpecification: LaunchTemplateSpecification? = nil) {
            self.instanceType = instanceType
            self.launchTemplateSpecification = launchTemplateSpecification
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
            case resourceId, resourceType, key, value, propagateAtLaunch
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
    }

    /// `AutoScalingGroupsType`: one page.
    public struct DescribeAutoScalingGroupsResponse: Decodable, PaginatedResponse {
        @XMLList public var autoScalingGroups: [AutoScalingGroup]
        public var nextToken: String?
        public var items: [AutoScalingGroup] { autoScalingGroups }
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
    }
}
