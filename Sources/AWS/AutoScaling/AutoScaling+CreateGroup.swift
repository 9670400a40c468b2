// MARK: - Operations

extension AutoScaling {
    /// `CreateAutoScalingGroup` (for tests and tooling; Kiln itself only updates groups).
    public func createAutoScalingGroup(_ request: CreateAutoScalingGroupRequest) async throws {
        _ = try await call("CreateAutoScalingGroup", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension AutoScaling {
    /// `CreateAutoScalingGroupType`: the members a group needs.
    public struct CreateAutoScalingGroupRequest: Encodable, Sendable {
        public var autoScalingGroupName: String
        public var launchConfigurationName: String?
        public var launchTemplate: LaunchTemplateSpecification?
        public var mixedInstancesPolicy: MixedInstancesPolicy?
        public var minSize: Int
        public var maxSize: Int
        public var desiredCapacity: Int?
        public var availabilityZones: [String]?
        /// Comma-separated subnet ids.
        public var vpcZoneIdentifier: String?
        public var tags: [Tag]?

        public init(
            autoScalingGroupName: String, launchConfigurationName: String? = nil,
            launchTemplate: LaunchTemplateSpecification? = nil, mixedInstancesPolicy: MixedInstancesPolicy? = nil,
            minSize: Int, maxSize: Int, desiredCapacity: Int? = nil, availabilityZones: [String]? = nil,
            vpcZoneIdentifier: String? = nil, tags: [Tag]? = nil
        ) {
            self.autoScalingGroupName = autoScalingGroupName
            self.launchConfigurationName = launchConfigurationName
            self.launchTemplate = launchTemplate
            self.mixedInstancesPolicy = mixedInstancesPolicy
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
            self.availabilityZones = availabilityZones
            self.vpcZoneIdentifier = vpcZoneIdentifier
            self.tags = tags
        }

        enum CodingKeys: String, CodingKey {
            case autoScalingGroupName, launchConfigurationName, launchTemplate, mixedInstancesPolicy, minSize, maxSize
            case desiredCapacity, availabilityZones, vpcZoneIdentifier = "VPCZoneIdentifier", tags
        }
    }

    /// `Tag` of a group.
    public struct Tag: Encodable, Sendable, Hashable {
        public var key: String
        public var value: String
        public var propagateAtLaunch: Bool?

        public init(key: String, value: String, propagateAtLaunch: Bool? = nil) {
            self.key = key
            self.value = value
            self.propagateAtLaunch = propagateAtLaunch
        }
    }
}
