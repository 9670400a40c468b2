import Foundation

extension EC2 {
    /// `RunInstancesRequest`: the members a builder instance needs.
    public struct RunInstancesRequest: Encodable, Sendable {
        public var imageId: String
        public var instanceType: String
        public var minCount: Int
        public var maxCount: Int
        public var subnetId: String?
        public var securityGroupIds: [String]?
        public var iamInstanceProfile: IamInstanceProfileSpecification?
        public var blockDeviceMappings: [BlockDeviceMapping]?
        public var metadataOptions: InstanceMetadataOptionsRequest?
        public var networkInterfaces: [InstanceNetworkInterfaceSpecification]?
        /// Tags for `instance` and `volume`.
        public var tagSpecifications: [TagSpecification]?
        /// Idempotency: a repeated token returns the first call's instances.
        public var clientToken: String?
        /// The user data as plain text; sent base64-encoded, as EC2 requires.
        public var userData: String?

        public init(
            imageId: String, instanceType: String, minCount: Int = 1, maxCount: Int = 1, subnetId: String? = nil,
            securityGroupIds: [String]? = nil, iamInstanceProfile: IamInstanceProfileSpecification? = nil,
            blockDeviceMappings: [BlockDeviceMapping]? = nil,
            metadataOptions: InstanceMetadataOptionsRequest? = .init(httpTokens: "required"),
            networkInterfaces: [InstanceNetworkInterfaceSpecification]? = nil,
            tagSpecifications: [TagSpecification]? = nil, clientToken: String? = nil, userData: String? = nil
        ) {
            self.imageId = imageId
            self.instanceType = instanceType
            self.minCount = minCount
            self.maxCount = maxCount
            self.subnetId = subnetId
            self.securityGroupIds = securityGroupIds
            self.iamInstanceProfile = iamInstanceProfile
            self.blockDeviceMappings = blockDeviceMappings
            self.metadataOptions = metadataOptions
            self.networkInterfaces = networkInterfaces
            self.tagSpecifications = tagSpecifications
            self.clientToken = clientToken
            self.userData = userData
        }

        enum CodingKeys: String, CodingKey {
            case imageId, instanceType, minCount, maxCount, subnetId, securityGroupIds = "securityGroupId"
            case iamInstanceProfile, blockDeviceMappings = "blockDeviceMapping", metadataOptions
            case networkInterfaces = "networkInterface", tagSpecifications = "tagSpecification", clientToken, userData
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(imageId, forKey: .imageId)
            try container.encode(instanceType, forKey: .instanceType)
            try container.encode(minCount, forKey: .minCount)
            try container.encode(maxCount, forKey: .maxCount)
            try container.encodeIfPresent(subnetId, forKey: .subnetId)
            try container.encodeIfPresent(securityGroupIds, forKey: .securityGroupIds)
            try container.encodeIfPresent(iamInstanceProfile, forKey: .iamInstanceProfile)
            try container.encodeIfPresent(blockDeviceMappings, forKey: .blockDeviceMappings)
            try container.encodeIfPresent(metadataOptions, forKey: .metadataOptions)
            try container.encodeIfPresent(networkInterfaces, forKey: .networkInterfaces)
            try container.encodeIfPresent(tagSpecifications, forKey: .tagSpecifications)
            try container.encodeIfPresent(clientToken, forKey: .clientToken)
            try container.encodeIfPresent(userData.map { Data($0.utf8).base64EncodedString() }, forKey: .userData)
        }
    }

    /// `IamInstanceProfileSpecification`: by name or by ARN.
    public struct IamInstanceProfileSpecification: Encodable, Sendable, Hashable {
        public var arn: String?
        public var name: String?

        public init(arn: String? = nil, name: String? = nil) {
            self.arn = arn
            self.name = name
        }
    }

    /// `InstanceMetadataOptionsRequest`: the members Auto Scaling's launch configurations share.
    public typealias InstanceMetadataOptionsRequest = AWS.InstanceMetadataOptions

    /// `InstanceNetworkInterfaceSpecification`: the primary interface, to control the public address.
    public struct InstanceNetworkInterfaceSpecification: Encodable, Sendable, Hashable {
        public var deviceIndex: Int
        public var associatePublicIpAddress: Bool?
        public var deleteOnTermination: Bool?
        public var subnetId: String?
        /// Security group ids (`SecurityGroupId.N`).
        public var groups: [String]?

        public init(
            deviceIndex: Int = 0, associatePublicIpAddress: Bool? = nil, deleteOnTermination: Bool? = true,
            subnetId: String? = nil, groups: [String]? = nil
        ) {
            self.deviceIndex = deviceIndex
            self.associatePublicIpAddress = associatePublicIpAddress
            self.deleteOnTermination = deleteOnTermination
            self.subnetId = subnetId
            self.groups = groups
        }

        enum CodingKeys: String, CodingKey {
            case deviceIndex, associatePublicIpAddress, deleteOnTermination, subnetId, groups = "securityGroupId"
        }
    }
}
