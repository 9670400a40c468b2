import Foundation

// MARK: - Operations

extension SSM {
    /// Every managed instance matching the request (all pages of `DescribeInstanceInformation`).
    public func describeInstanceInformation(
        _ request: DescribeInstanceInformationRequest
    ) async throws -> [InstanceInformation] {
        try await paginator("DescribeInstanceInformation", request, response: DescribeInstanceInformationResponse.self)
            .allItems()
    }
}

// MARK: - Shapes

extension SSM {
    /// `InstanceInformationStringFilter`, e.g. key `InstanceIds` or `tag:Name`.
    public struct InstanceInformationFilter: Encodable, Sendable, Hashable {
        public var key: String
        public var values: [String]

        public init(key: String, values: [String]) {
            self.key = key
            self.values = values
        }
    }

    /// `DescribeInstanceInformationRequest`.
    public struct DescribeInstanceInformationRequest: Encodable, PaginatedRequest {
        public var filters: [InstanceInformationFilter]?
        public var maxResults: Int?
        public var nextToken: String?

        public init(filters: [InstanceInformationFilter]? = nil, maxResults: Int? = nil) {
            self.filters = filters
            self.maxResults = maxResults
        }

        /// The instances with these ids.
        public static func instances(_ instanceIds: [String]) -> Self {
            Self(filters: [.init(key: "InstanceIds", values: instanceIds)])
        }
    }

    /// `InstanceInformation`.
    public struct InstanceInformation: Decodable, Sendable, Hashable {
        public var instanceId: String
        /// `Online`, `ConnectionLost`, `Inactive`.
        public var pingStatus: String?
        public var lastPingDateTime: Date?
        public var agentVersion: String?
        public var platformType: String?
        public var platformName: String?
        public var resourceType: String?
    }

    /// `DescribeInstanceInformationResult`: one page.
    public struct DescribeInstanceInformationResponse: Decodable, PaginatedResponse {
        public var instanceInformationList: [InstanceInformation]
        public var nextToken: String?
        public var items: [InstanceInformation] { instanceInformationList }

        enum CodingKeys: String, CodingKey {
            case instanceInformationList, nextToken
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            instanceInformationList =
                try container.decodeIfPresent([InstanceInformation].self, forKey: .instanceInformationList) ?? []
            nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
        }
    }
}
