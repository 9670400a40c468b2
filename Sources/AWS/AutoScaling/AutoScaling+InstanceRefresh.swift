import Foundation

// MARK: - Operations

extension AutoScaling {
    /// `StartInstanceRefresh`: returns the refresh id.
    public func startInstanceRefresh(_ request: StartInstanceRefreshRequest) async throws -> String {
        try await call("StartInstanceRefresh", request, output: StartInstanceRefreshResponse.self).instanceRefreshId
    }

    /// Every refresh of a group matching the request (all pages of `DescribeInstanceRefreshes`).
    public func describeInstanceRefreshes(
        _ request: DescribeInstanceRefreshesRequest
    ) async throws -> [InstanceRefresh] {
        try await paginator("DescribeInstanceRefreshes", request, response: DescribeInstanceRefreshesResponse.self)
            .allItems()
    }
}

// MARK: - Shapes

extension AutoScaling {
    /// `StartInstanceRefreshType`.
    public struct StartInstanceRefreshRequest: Encodable, Sendable {
        public var autoScalingGroupName: String
        /// `Rolling` (the default) or `ReplaceRootVolume`.
        public var strategy: String?
        public var preferences: RefreshPreferences?

        public init(autoScalingGroupName: String, strategy: String? = nil, preferences: RefreshPreferences? = nil) {
            self.autoScalingGroupName = autoScalingGroupName
            self.strategy = strategy
            self.preferences = preferences
        }
    }

    /// `RefreshPreferences`.
    public struct RefreshPreferences: Codable, Sendable, Hashable {
        public var minHealthyPercentage: Int?
        public var maxHealthyPercentage: Int?
        public var instanceWarmup: Int?
        public var skipMatching: Bool?
        public var autoRollback: Bool?

        public init(
            minHealthyPercentage: Int? = nil, maxHealthyPercentage: Int? = nil, instanceWarmup: Int? = nil,
            skipMatching: Bool? = nil, autoRollback: Bool? = nil
        ) {
            self.minHealthyPercentage = minHealthyPercentage
            self.maxHealthyPercentage = maxHealthyPercentage
            self.instanceWarmup = instanceWarmup
            self.skipMatching = skipMatching
            self.autoRollback = autoRollback
        }
    }

    /// `InstanceRefresh`.
    public struct InstanceRefresh: Decodable, Sendable, Hashable {
        public var instanceRefreshId: String
        public var autoScalingGroupName: String?
        /// `Pending`, `InProgress`, `Successful`, `Failed`, `Cancelling`, `Cancelled`, `RollbackInProgress`, …
        public var status: String?
        public var statusReason: String?
        public var startTime: Date?
        public var endTime: Date?
        public var percentageComplete: Int?
        public var instancesToUpdate: Int?

        public init(
            instanceRefreshId: String, autoScalingGroupName: String? = nil, status: String? = nil,
            statusReason: String? = nil, startTime: Date? = nil, endTime: Date? = nil, percentageComplete: Int? = nil,
            instancesToUpdate: Int? = nil
        ) {
            self.instanceRefreshId = instanceRefreshId
            self.autoScalingGroupName = autoScalingGroupName
            self.status = status
            self.statusReason = statusReason
            self.startTime = startTime
            self.endTime = endTime
            self.percentageComplete = percentageComplete
            self.instancesToUpdate = instancesToUpdate
        }
    }

    /// `DescribeInstanceRefreshesType`.
    public struct DescribeInstanceRefreshesRequest: Encodable, PaginatedRequest {
        public var autoScalingGroupName: String
        public var instanceRefreshIds: [String]?
        public var maxRecords: Int?
        public var nextToken: String?

        public init(autoScalingGroupName: String, instanceRefreshIds: [String]? = nil, maxRecords: Int? = nil) {
            self.autoScalingGroupName = autoScalingGroupName
            self.instanceRefreshIds = instanceRefreshIds
            self.maxRecords = maxRecords
        }
    }

    /// `DescribeInstanceRefreshesAnswer`: one page.
    public struct DescribeInstanceRefreshesResponse: Decodable, PaginatedResponse {
        @XMLList public var instanceRefreshes: [InstanceRefresh]
        public var nextToken: String?
        public var items: [InstanceRefresh] { instanceRefreshes }
    }

    struct StartInstanceRefreshResponse: Decodable, Sendable {
        var instanceRefreshId: String
    }
}
