import Foundation

// MARK: - Operations

extension SSM {
    /// Every parameter under a path (all pages of `GetParametersByPath`). Values are secrets until shown otherwise:
    /// never log them.
    public func getParametersByPath(_ request: GetParametersByPathRequest) async throws -> [Parameter] {
        try await paginator("GetParametersByPath", request, response: GetParametersByPathResponse.self).allItems()
    }
}

// MARK: - Shapes

extension SSM {
    /// `GetParametersByPathRequest`.
    public struct GetParametersByPathRequest: Encodable, PaginatedRequest {
        /// A hierarchy (`/kiln`): the parameter names below it, without their last part.
        public var path: String
        /// Every level below `path`, not only the next one.
        public var recursive: Bool?
        public var withDecryption: Bool?
        /// 1–10 parameters a page.
        public var maxResults: Int?
        public var nextToken: String?

        public init(path: String, recursive: Bool? = nil, withDecryption: Bool? = nil, maxResults: Int? = nil) {
            self.path = path
            self.recursive = recursive
            self.withDecryption = withDecryption
            self.maxResults = maxResults
        }
    }

    /// `GetParametersByPathResult`: one page.
    public struct GetParametersByPathResponse: Decodable, PaginatedResponse {
        public var parameters: [Parameter]
        public var nextToken: String?
        public var items: [Parameter] { parameters }

        enum CodingKeys: String, CodingKey {
            case parameters, nextToken
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            parameters = try container.decodeIfPresent([Parameter].self, forKey: .parameters) ?? []
            nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
        }
    }
}
