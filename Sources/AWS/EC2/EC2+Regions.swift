// MARK: - Operations

extension EC2 {
    /// `DescribeRegions`: the regions enabled for the account (all of them with `allRegions`).
    public func describeRegions(regionNames: [String]? = nil, allRegions: Bool? = nil) async throws -> [Region] {
        let request = DescribeRegionsRequest(regionNames: regionNames, allRegions: allRegions)
        return try await call("DescribeRegions", request, output: DescribeRegionsResponse.self).regions
    }
}

// MARK: - Shapes

extension EC2 {
    /// `Region`.
    public struct Region: Decodable, Sendable, Hashable {
        public var regionName: String
        public var endpoint: String?
        /// `opt-in-not-required`, `opted-in`, `not-opted-in`.
        public var optInStatus: String?

        enum CodingKeys: String, CodingKey {
            case regionName, optInStatus, endpoint = "regionEndpoint"
        }
    }

    struct DescribeRegionsRequest: Encodable, Sendable {
        var regionNames: [String]?
        var allRegions: Bool?

        enum CodingKeys: String, CodingKey {
            case regionNames = "regionName", allRegions
        }
    }

    struct DescribeRegionsResponse: Decodable, Sendable {
        @XMLList var regions: [Region]

        enum CodingKeys: String, CodingKey {
            case regions = "regionInfo"
        }
    }
}
