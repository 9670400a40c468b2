import Foundation

// MARK: - Operations

extension EC2 {
    /// Every snapshot matching the request (all pages of `DescribeSnapshots`).
    public func describeSnapshots(_ request: DescribeSnapshotsRequest) async throws -> [Snapshot] {
        try await paginator("DescribeSnapshots", request, response: DescribeSnapshotsResponse.self).allItems()
    }

    /// `DeleteSnapshot`.
    public func deleteSnapshot(snapshotId: String) async throws {
        _ = try await call("DeleteSnapshot", SnapshotIDRequest(snapshotId: snapshotId), output: EmptyResponse.self)
    }

    /// `ModifySnapshotAttribute` (create-volume permissions): `CreateVolumePermission.Add.N.UserId`.
    public func modifySnapshotAttribute(_ request: ModifySnapshotAttributeRequest) async throws {
        _ = try await call("ModifySnapshotAttribute", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension EC2 {
    /// An EBS snapshot (`Snapshot`).
    public struct Snapshot: Decodable, Sendable, Hashable {
        public var snapshotId: String
        public var volumeId: String?
        /// `pending`, `completed`, `error`, `recoverable`, `recovering`.
        public var state: String?
        public var startTime: Date?
        public var progress: String?
        public var ownerId: String?
        public var description: String?
        public var volumeSize: Int?
        public var encrypted: Bool?
        public var kmsKeyId: String?
        @XMLList public var tags: [Tag]

        public init(
            snapshotId: String, volumeId: String? = nil, state: String? = nil, startTime: Date? = nil,
            progress: String? = nil, ownerId: String? = nil, description: String? = nil, volumeSize: Int? = nil,
            encrypted: Bool? = nil, kmsKeyId: String? = nil, tags: [EC2.Tag] = []
        ) {
            self.snapshotId = snapshotId
            self.volumeId = volumeId
            self.state = state
            self.startTime = startTime
            self.progress = progress
            self.ownerId = ownerId
            self.description = description
            self.volumeSize = volumeSize
            self.encrypted = encrypted
            self.kmsKeyId = kmsKeyId
            self._tags = XMLList(wrappedValue: tags)
        }

        enum CodingKeys: String, CodingKey {
            case snapshotId, volumeId, startTime, progress, ownerId, description, volumeSize, encrypted, kmsKeyId
            case state = "status", tags = "tagSet"
        }
    }

    /// `DescribeSnapshotsRequest`.
    public struct DescribeSnapshotsRequest: Encodable, PaginatedRequest {
        public var snapshotIds: [String]?
        /// Account ids, `self`, `amazon`.
        public var ownerIds: [String]?
        public var restorableByUserIds: [String]?
        public var filters: [Filter]?
        public var maxResults: Int?
        public var nextToken: String?

        public init(
            snapshotIds: [String]? = nil, ownerIds: [String]? = nil, restorableByUserIds: [String]? = nil,
            filters: [Filter]? = nil, maxResults: Int? = nil
        ) {
            self.snapshotIds = snapshotIds
            self.ownerIds = ownerIds
            self.restorableByUserIds = restorableByUserIds
            self.filters = filters
            self.maxResults = maxResults
        }

        enum CodingKeys: String, CodingKey {
            case snapshotIds = "snapshotId", ownerIds = "owner", restorableByUserIds = "restorableBy"
            case filters = "filter", maxResults, nextToken
        }
    }

    /// `DescribeSnapshotsResult`: one page.
    public struct DescribeSnapshotsResponse: Decodable, PaginatedResponse {
        @XMLList public var snapshots: [Snapshot]
        public var nextToken: String?
        public var items: [Snapshot] { snapshots }

        enum CodingKeys: String, CodingKey {
            case snapshots = "snapshotSet", nextToken
        }
    }

    /// `ModifySnapshotAttributeRequest` for create-volume permissions.
    public struct ModifySnapshotAttributeRequest: Encodable, Sendable {
        public var snapshotId: String
        public var attribute: String?
        public var createVolumePermission: CreateVolumePermissionModifications

        public init(snapshotId: String, createVolumePermission: CreateVolumePermissionModifications) {
            self.snapshotId = snapshotId
            self.attribute = "createVolumePermission"
            self.createVolumePermission = createVolumePermission
        }

        /// Lets these accounts create volumes from the snapshot.
        public static func share(snapshotId: String, withAccounts accounts: [String]) -> Self {
            Self(
                snapshotId: snapshotId,
                createVolumePermission: .init(add: accounts.map { CreateVolumePermission(userId: $0) }))
        }
    }

    /// `CreateVolumePermissionModifications`.
    public struct CreateVolumePermissionModifications: Encodable, Sendable {
        public var add: [CreateVolumePermission]?
        public var remove: [CreateVolumePermission]?

        public init(add: [CreateVolumePermission]? = nil, remove: [CreateVolumePermission]? = nil) {
            self.add = add
            self.remove = remove
        }
    }

    /// `CreateVolumePermission`: an account id, or the group `all`.
    public struct CreateVolumePermission: Codable, Sendable, Hashable {
        public var userId: String?
        public var group: String?

        public init(userId: String? = nil, group: String? = nil) {
            self.userId = userId
            self.group = group
        }
    }

    struct SnapshotIDRequest: Encodable, Sendable {
        var snapshotId: String
    }
}
