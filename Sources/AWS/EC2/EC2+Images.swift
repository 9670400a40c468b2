import Foundation

// MARK: - Operations

extension EC2 {
    /// Every image matching the request (all pages of `DescribeImages`).
    public func describeImages(_ request: DescribeImagesRequest) async throws -> [Image] {
        try await describeImagesPages(request).allItems()
    }

    /// The pages of `DescribeImages`.
    public func describeImagesPages(_ request: DescribeImagesRequest) -> Paginator<
        DescribeImagesRequest, DescribeImagesResponse
    > {
        paginator("DescribeImages", request)
    }

    /// `CreateImage`: an AMI from an instance; returns the new image id.
    public func createImage(_ request: CreateImageRequest) async throws -> String {
        try await call("CreateImage", request, output: ImageIDResponse.self).imageId
    }

    /// `CopyImage`, called in the destination region (this client's); returns the new image id.
    public func copyImage(_ request: CopyImageRequest) async throws -> String {
        try await call("CopyImage", request, output: ImageIDResponse.self).imageId
    }

    /// `DeregisterImage`.
    public func deregisterImage(_ request: DeregisterImageRequest) async throws {
        _ = try await call("DeregisterImage", request, output: EmptyResponse.self)
    }

    /// `ModifyImageAttribute` (launch permissions).
    public func modifyImageAttribute(_ request: ModifyImageAttributeRequest) async throws {
        _ = try await call("ModifyImageAttribute", request, output: EmptyResponse.self)
    }

    /// `EnableImageDeprecation`: the image is deprecated at `deprecateAt`.
    public func enableImageDeprecation(imageId: String, deprecateAt: Date) async throws {
        let request = EnableImageDeprecationRequest(imageId: imageId, deprecateAt: deprecateAt)
        _ = try await call("EnableImageDeprecation", request, output: EmptyResponse.self)
    }

    /// `DisableImageDeprecation`: the image is no longer deprecated.
    public func disableImageDeprecation(imageId: String) async throws {
        let request = DisableImageDeprecationRequest(imageId: imageId)
        _ = try await call("DisableImageDeprecation", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension EC2 {
    /// An AMI (`Image`).
    public struct Image: Decodable, Sendable, Hashable {
        public var imageId: String
        public var name: String?
        public var description: String?
        /// `pending`, `available`, `invalid`, `deregistered`, `transient`, `failed`, `error`, `disabled`.
        public var state: String?
        public var ownerId: String?
        /// ISO 8601, as EC2 sends it (`2024-05-01T12:00:00.000Z`).
        public var creationDate: String?
        public var deprecationTime: String?
        /// `disabled`, `enabled-with-cooldown`, `enabled-without-cooldown` (or with a date after the cooldown).
        public var deregistrationProtection: String?
        public var architecture: String?
        public var rootDeviceName: String?
        public var rootDeviceType: String?
        public var `public`: Bool?
        public var sourceImageId: String?
        public var sourceImageRegion: String?
        public var stateReason: StateReason?
        @XMLList public var blockDeviceMappings: [BlockDeviceMapping]
        @XMLList public var tags: [Tag]

        /// `creationDate` as a date.
        public var creationTime: Date? { creationDate.flatMap(AWSXML.parseDate) }

        /// The snapshot ids of the image's EBS block devices.
        public var snapshotIds: [String] { blockDeviceMappings.compactMap { $0.ebs?.snapshotId } }

        public init(
            imageId: String, name: String? = nil, description: String? = nil, state: String? = nil,
            ownerId: String? = nil, creationDate: String? = nil, deprecationTime: String? = nil,
            architecture: String? = nil, rootDeviceName: String? = nil, rootDeviceType: String? = nil,
            public: Bool? = nil, sourceImageId: String? = nil, sourceImageRegion: String? = nil,
            stateReason: EC2.StateReason? = nil, blockDeviceMappings: [EC2.BlockDeviceMapping] = [],
            tags: [EC2.Tag] = []
        ) {
            self.imageId = imageId
            self.name = name
            self.description = description
            self.state = state
            self.ownerId = ownerId
            self.creationDate = creationDate
            self.deprecationTime = deprecationTime
            self.architecture = architecture
            self.rootDeviceName = rootDeviceName
            self.rootDeviceType = rootDeviceType
            self.public = `public`
            self.sourceImageId = sourceImageId
            self.sourceImageRegion = sourceImageRegion
            self.stateReason = stateReason
            self._blockDeviceMappings = XMLList(wrappedValue: blockDeviceMappings)
            self._tags = XMLList(wrappedValue: tags)
        }

        enum CodingKeys: String, CodingKey {
            case imageId, name, description, architecture, rootDeviceName, rootDeviceType, stateReason, deprecationTime
            case sourceImageId, sourceImageRegion, creationDate, deregistrationProtection, state = "imageState"
            case ownerId = "imageOwnerId", `public` = "isPublic", blockDeviceMappings = "blockDeviceMapping"
            case tags = "tagSet"
        }
    }

    /// `DescribeImagesRequest`.
    public struct DescribeImagesRequest: Encodable, PaginatedRequest {
        public var imageIds: [String]?
        /// Account ids, `self`, `amazon`, `aws-marketplace`.
        public var owners: [String]?
        public var executableUsers: [String]?
        public var filters: [Filter]?
        public var includeDeprecated: Bool?
        /// Disabled AMIs are listed only when this is true, even by id.
        public var includeDisabled: Bool?
        public var maxResults: Int?
        public var nextToken: String?

        public init(
            imageIds: [String]? = nil, owners: [String]? = nil, executableUsers: [String]? = nil,
            filters: [Filter]? = nil, includeDeprecated: Bool? = nil, includeDisabled: Bool? = nil,
            maxResults: Int? = nil
        ) {
            self.imageIds = imageIds
            self.owners = owners
            self.executableUsers = executableUsers
            self.filters = filters
            self.includeDeprecated = includeDeprecated
            self.includeDisabled = includeDisabled
            self.maxResults = maxResults
        }

        enum CodingKeys: String, CodingKey {
            case imageIds = "imageId", owners = "owner", executableUsers = "executableBy", filters = "filter"
            case includeDeprecated, includeDisabled, maxResults, nextToken
        }
    }

    /// `DescribeImagesResult`: one page.
    public struct DescribeImagesResponse: Decodable, PaginatedResponse {
        @XMLList public var images: [Image]
        public var nextToken: String?
        public var items: [Image] { images }

        enum CodingKeys: String, CodingKey {
            case images = "imagesSet", nextToken
        }
    }

    /// `CreateImageRequest`.
    public struct CreateImageRequest: Encodable, Sendable {
        public var instanceId: String
        public var name: String
        public var description: String?
        public var noReboot: Bool?
        /// Tags for `image` and `snapshot`.
        public var tagSpecifications: [TagSpecification]?
        public var blockDeviceMappings: [BlockDeviceMapping]?

        public init(
            instanceId: String, name: String, description: String? = nil, noReboot: Bool? = nil,
            tagSpecifications: [TagSpecification]? = nil, blockDeviceMappings: [BlockDeviceMapping]? = nil
        ) {
            self.instanceId = instanceId
            self.name = name
            self.description = description
            self.noReboot = noReboot
            self.tagSpecifications = tagSpecifications
            self.blockDeviceMappings = blockDeviceMappings
        }

        enum CodingKeys: String, CodingKey {
            case instanceId, name, description, noReboot, tagSpecifications = "tagSpecification"
            case blockDeviceMappings = "blockDeviceMapping"
        }
    }

    /// `CopyImageRequest`: sent to the destination region.
    public struct CopyImageRequest: Encodable, Sendable {
        public var sourceImageId: String
        public var sourceRegion: String
        public var name: String
        public var description: String?
        public var encrypted: Bool?
        public var kmsKeyId: String?
        public var clientToken: String?
        public var copyImageTags: Bool?
        public var tagSpecifications: [TagSpecification]?

        public init(
            sourceImageId: String, sourceRegion: String, name: String, description: String? = nil,
            encrypted: Bool? = nil, kmsKeyId: String? = nil, clientToken: String? = nil, copyImageTags: Bool? = nil,
            tagSpecifications: [TagSpecification]? = nil
        ) {
            self.sourceImageId = sourceImageId
            self.sourceRegion = sourceRegion
            self.name = name
            self.description = description
            self.encrypted = encrypted
            self.kmsKeyId = kmsKeyId
            self.clientToken = clientToken
            self.copyImageTags = copyImageTags
            self.tagSpecifications = tagSpecifications
        }

        enum CodingKeys: String, CodingKey {
            case sourceImageId, sourceRegion, name, description, encrypted, kmsKeyId, clientToken, copyImageTags
            case tagSpecifications = "tagSpecification"
        }
    }

    /// `DeregisterImageRequest`.
    public struct DeregisterImageRequest: Encodable, Sendable {
        public var imageId: String
        /// Also delete the image's snapshots (not every endpoint supports it).
        public var deleteAssociatedSnapshots: Bool?

        public init(imageId: String, deleteAssociatedSnapshots: Bool? = nil) {
            self.imageId = imageId
            self.deleteAssociatedSnapshots = deleteAssociatedSnapshots
        }
    }

    /// `ModifyImageAttributeRequest` for launch permissions: `LaunchPermission.Add.N.UserId`.
    public struct ModifyImageAttributeRequest: Encodable, Sendable {
        public var imageId: String
        public var launchPermission: LaunchPermissionModifications

        public init(imageId: String, launchPermission: LaunchPermissionModifications) {
            self.imageId = imageId
            self.launchPermission = launchPermission
        }

        /// Shares the image with these accounts.
        public static func share(imageId: String, withAccounts accounts: [String]) -> Self {
            Self(imageId: imageId, launchPermission: .init(add: accounts.map { LaunchPermission(userId: $0) }))
        }
    }

    /// `LaunchPermissionModifications`.
    public struct LaunchPermissionModifications: Encodable, Sendable {
        public var add: [LaunchPermission]?
        public var remove: [LaunchPermission]?

        public init(add: [LaunchPermission]? = nil, remove: [LaunchPermission]? = nil) {
            self.add = add
            self.remove = remove
        }
    }

    /// `LaunchPermission`: an account id, or the group `all`.
    public struct LaunchPermission: Codable, Sendable, Hashable {
        public var userId: String?
        public var group: String?

        public init(userId: String? = nil, group: String? = nil) {
            self.userId = userId
            self.group = group
        }
    }

    struct EnableImageDeprecationRequest: Encodable, Sendable {
        var imageId: String
        var deprecateAt: Date
    }

    struct DisableImageDeprecationRequest: Encodable, Sendable {
        var imageId: String
    }

    struct ImageIDResponse: Decodable, Sendable {
        var imageId: String
    }
}
