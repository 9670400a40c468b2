import Foundation

// MARK: - Operations

extension AutoScaling {
    /// Every launch configuration matching the names (all of them for `nil`; all pages).
    public func describeLaunchConfigurations(
        _ request: DescribeLaunchConfigurationsRequest
    ) async throws -> [LaunchConfiguration] {
        try await describeLaunchConfigurationsPages(request).allItems()
    }

    /// The pages of `DescribeLaunchConfigurations`.
    public func describeLaunchConfigurationsPages(_ request: DescribeLaunchConfigurationsRequest) -> Paginator<
        DescribeLaunchConfigurationsRequest, DescribeLaunchConfigurationsResponse
    > {
        paginator("DescribeLaunchConfigurations", request)
    }

    /// `CreateLaunchConfiguration`.
    public func createLaunchConfiguration(_ request: CreateLaunchConfigurationRequest) async throws {
        _ = try await call("CreateLaunchConfiguration", request, output: EmptyResponse.self)
    }

    /// `DeleteLaunchConfiguration`.
    public func deleteLaunchConfiguration(name: String) async throws {
        let request = LaunchConfigurationNameRequest(launchConfigurationName: name)
        _ = try await call("DeleteLaunchConfiguration", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension AutoScaling {
    /// `LaunchConfiguration`, as described and as sent to `CreateLaunchConfiguration` (`CreateLaunchConfigurationType`
    /// holds the same members, less the service's own: the ARN and the creation time, which are never sent). Empty
    /// lists are left out of a request.
    public struct LaunchConfiguration: Codable, Sendable, Hashable {
        public var launchConfigurationName: String
        @ResponseOnly public var launchConfigurationARN: String? = nil
        public var imageId: String
        public var instanceType: String
        public var keyName: String?
        @XMLList public var securityGroups: [String] = []
        /// Base64, as the service stores it.
        public var userData: String?
        public var iamInstanceProfile: String?
        @XMLList public var blockDeviceMappings: [BlockDeviceMapping] = []
        public var instanceMonitoring: InstanceMonitoring?
        public var ebsOptimized: Bool?
        public var associatePublicIpAddress: Bool?
        public var metadataOptions: InstanceMetadataOptions?
        public var spotPrice: String?
        public var placementTenancy: String?
        public var kernelId: String?
        public var ramdiskId: String?
        @ResponseOnly public var createdTime: Date? = nil
    }

    /// `CreateLaunchConfigurationType`: a launch configuration to create.
    public typealias CreateLaunchConfigurationRequest = LaunchConfiguration

    /// `LaunchConfigurationNamesType`.
    public struct DescribeLaunchConfigurationsRequest: Encodable, PaginatedRequest {
        public var launchConfigurationNames: [String]?
        public var maxRecords: Int?
        public var nextToken: String?

        public init(launchConfigurationNames: [String]? = nil, maxRecords: Int? = nil) {
            self.launchConfigurationNames = launchConfigurationNames
            self.maxRecords = maxRecords
        }
    }

    /// `LaunchConfigurationsType`: one page.
    public struct DescribeLaunchConfigurationsResponse: Decodable, PaginatedResponse {
        @XMLList public var launchConfigurations: [LaunchConfiguration]
        public var nextToken: String?
        public var items: [LaunchConfiguration] { launchConfigurations }
    }

    struct LaunchConfigurationNameRequest: Encodable, Sendable {
        var launchConfigurationName: String
    }
}

extension AutoScaling.LaunchConfiguration {
    /// A new configuration: a name, an image and an instance type; the other members are set as needed.
    public init(launchConfigurationName: String, imageId: String, instanceType: String) {
        self.init(
            launchConfigurationName: launchConfigurationName, launchConfigurationARN: nil, imageId: imageId,
            instanceType: instanceType)
    }

    /// A copy of `source` under `name` with only the image changed (empty texts left out).
    public init(copying source: Self, name: String, imageId: String) {
        self = source
        launchConfigurationName = name
        self.imageId = imageId
        keyName = source.keyName.flatMap { $0.isEmpty ? nil : $0 }
        userData = source.userData.flatMap { $0.isEmpty ? nil : $0 }
        kernelId = source.kernelId.flatMap { $0.isEmpty ? nil : $0 }
        ramdiskId = source.ramdiskId.flatMap { $0.isEmpty ? nil : $0 }
    }
}
