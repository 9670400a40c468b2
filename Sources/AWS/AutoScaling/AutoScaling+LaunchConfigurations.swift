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
    /// `LaunchConfiguration`.
    public struct LaunchConfiguration: Decodable, Sendable, Hashable {
        public var launchConfigurationName: String
        public var launchConfigurationARN: String?
        public var imageId: String
        public var instanceType: String
        public var keyName: String?
        @XMLList public var securityGroups: [String]
        /// Base64, as the service stores it.
        public var userData: String?
        public var iamInstanceProfile: String?
        @XMLList public var blockDeviceMappings: [BlockDeviceMapping]
        public var instanceMonitoring: InstanceMonitoring?
        public var ebsOptimized: Bool?
        public var associatePublicIpAddress: Bool?
        public var metadataOptions: InstanceMetadataOptions?
        public var spotPrice: String?
        public var placementTenancy: String?
        public var kernelId: String?
        public var ramdiskId: String?
        public var createdTime: Date?

        public init(
            launchConfigurationName: String, launchConfigurationARN: String? = nil, imageId: String,
            instanceType: String, keyName: String? = nil, securityGroups: [String] = [], userData: String? = nil,
            iamInstanceProfile: String? = nil, blockDeviceMappings: [AutoScaling.BlockDeviceMapping] = [],
            instanceMonitoring: AutoScaling.InstanceMonitoring? = nil, ebsOptimized: Bool? = nil,
            associatePublicIpAddress: Bool? = nil, metadataOptions: AutoScaling.InstanceMetadataOptions? = nil,
            createdTime: Date? = nil
        ) {
            self.launchConfigurationName = launchConfigurationName
            self.launchConfigurationARN = launchConfigurationARN
            self.imageId = imageId
            self.instanceType = instanceType
            self.keyName = keyName
            self._securityGroups = XMLList(wrappedValue: securityGroups)
            self.userData = userData
            self.iamInstanceProfile = iamInstanceProfile
            self._blockDeviceMappings = XMLList(wrappedValue: blockDeviceMappings)
            self.instanceMonitoring = instanceMonitoring
            self.ebsOptimized = ebsOptimized
            self.associatePublicIpAddress = associatePublicIpAddress
            self.metadataOptions = metadataOptions
            self.createdTime = createdTime
        }

        enum CodingKeys: String, CodingKey {
            case launchConfigurationName = "LaunchConfigurationName", launchConfigurationARN = "LaunchConfigurationARN"
            case imageId = "ImageId", instanceType = "InstanceType", keyName = "KeyName"
            case securityGroups = "SecurityGroups", userData = "UserData", iamInstanceProfile = "IamInstanceProfile"
            case blockDeviceMappings = "BlockDeviceMappings", instanceMonitoring = "InstanceMonitoring"
            case ebsOptimized = "EbsOptimized", associatePublicIpAddress = "AssociatePublicIpAddress"
            case metadataOptions = "MetadataOptions", spotPrice = "SpotPrice", placementTenancy = "PlacementTenancy"
            case kernelId = "KernelId", ramdiskId = "RamdiskId", createdTime = "CreatedTime"
        }
    }

    /// `LaunchConfigurationNamesType`.
    public struct DescribeLaunchConfigurationsRequest: Encodable, PaginatedRequest {
        public var launchConfigurationNames: [String]?
        public var maxRecords: Int?
        public var nextToken: String?

        public init(launchConfigurationNames: [String]? = nil, maxRecords: Int? = nil) {
            self.launchConfigurationNames = launchConfigurationNames
            self.maxRecords = maxRecords
        }

        enum CodingKeys: String, CodingKey {
            case launchConfigurationNames = "LaunchConfigurationNames", maxRecords = "MaxRecords"
            case nextToken = "NextToken"
        }
    }

    /// `LaunchConfigurationsType`: one page.
    public struct DescribeLaunchConfigurationsResponse: Decodable, PaginatedResponse {
        @XMLList public var launchConfigurations: [LaunchConfiguration]
        public var nextToken: String?
        public var items: [LaunchConfiguration] { launchConfigurations }

        enum CodingKeys: String, CodingKey {
            case launchConfigurations = "LaunchConfigurations", nextToken = "NextToken"
        }
    }

    /// `CreateLaunchConfigurationType`, with everything a copy of an existing configuration carries.
    public struct CreateLaunchConfigurationRequest: Encodable, Sendable {
        public var launchConfigurationName: String
        public var imageId: String
        public var instanceType: String
        public var keyName: String?
        public var securityGroups: [String]?
        /// Base64, as `DescribeLaunchConfigurations` returns it.
        public var userData: String?
        public var iamInstanceProfile: String?
        public var blockDeviceMappings: [BlockDeviceMapping]?
        public var instanceMonitoring: InstanceMonitoring?
        public var ebsOptimized: Bool?
        public var associatePublicIpAddress: Bool?
        public var metadataOptions: InstanceMetadataOptions?
        public var spotPrice: String?
        public var placementTenancy: String?
        public var kernelId: String?
        public var ramdiskId: String?

        public init(launchConfigurationName: String, imageId: String, instanceType: String) {
            self.launchConfigurationName = launchConfigurationName
            self.imageId = imageId
            self.instanceType = instanceType
        }

        /// A copy of `source` under `name` with only the image changed.
        public init(copying source: LaunchConfiguration, name: String, imageId: String) {
            self.init(launchConfigurationName: name, imageId: imageId, instanceType: source.instanceType)
            keyName = source.keyName.flatMap { $0.isEmpty ? nil : $0 }
            securityGroups = source.securityGroups.isEmpty ? nil : source.securityGroups
            userData = source.userData.flatMap { $0.isEmpty ? nil : $0 }
            iamInstanceProfile = source.iamInstanceProfile
            blockDeviceMappings = source.blockDeviceMappings.isEmpty ? nil : source.blockDeviceMappings
            instanceMonitoring = source.instanceMonitoring
            ebsOptimized = source.ebsOptimized
            associatePublicIpAddress = source.associatePublicIpAddress
            metadataOptions = source.metadataOptions
            spotPrice = source.spotPrice
            placementTenancy = source.placementTenancy
            kernelId = source.kernelId.flatMap { $0.isEmpty ? nil : $0 }
            ramdiskId = source.ramdiskId.flatMap { $0.isEmpty ? nil : $0 }
        }

        enum CodingKeys: String, CodingKey {
            case launchConfigurationName = "LaunchConfigurationName", imageId = "ImageId"
            case instanceType = "InstanceType", keyName = "KeyName", securityGroups = "SecurityGroups"
            case userData = "UserData", iamInstanceProfile = "IamInstanceProfile"
            case blockDeviceMappings = "BlockDeviceMappings", instanceMonitoring = "InstanceMonitoring"
            case ebsOptimized = "EbsOptimized", associatePublicIpAddress = "AssociatePublicIpAddress"
            case metadataOptions = "MetadataOptions", spotPrice = "SpotPrice", placementTenancy = "PlacementTenancy"
            case kernelId = "KernelId", ramdiskId = "RamdiskId"
        }
    }

    struct LaunchConfigurationNameRequest: Encodable, Sendable {
        var launchConfigurationName: String

        enum CodingKeys: String, CodingKey {
            case launchConfigurationName = "LaunchConfigurationName"
        }
    }
}
