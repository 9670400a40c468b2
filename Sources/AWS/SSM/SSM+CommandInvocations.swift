import Foundation

// MARK: - Operations

extension SSM {
    /// Every command invocation matching the request (all pages of `ListCommandInvocations`).
    public func listCommandInvocations(
        _ request: ListCommandInvocationsRequest
    ) async throws -> [ListedCommandInvocation] {
        try await paginator("ListCommandInvocations", request, response: ListCommandInvocationsResponse.self).allItems()
    }
}

// MARK: - Shapes

extension SSM {
    /// `CommandFilter`, e.g. key `Status` or `InvokedAfter`.
    public struct CommandFilter: Encodable, Sendable, Hashable {
        public var key: String
        public var value: String

        /// SSM's only lower-case request members.
        enum CodingKeys: String, VerbatimCodingKey {
            case key, value
        }
    }

    /// `ListCommandInvocationsRequest`.
    public struct ListCommandInvocationsRequest: Encodable, PaginatedRequest {
        public var commandId: String?
        public var instanceId: String?
        /// Include each invocation's `CommandPlugins` (status, exit code, output).
        public var details: Bool?
        public var filters: [CommandFilter]?
        public var maxResults: Int?
        public var nextToken: String?

        public init(
            commandId: String? = nil, instanceId: String? = nil, details: Bool? = nil, filters: [CommandFilter]? = nil,
            maxResults: Int? = nil
        ) {
            self.commandId = commandId
            self.instanceId = instanceId
            self.details = details
            self.filters = filters
            self.maxResults = maxResults
        }

        /// Every invocation on one instance, with plugin details.
        public static func instance(_ instanceId: String, maxResults: Int? = 50) -> Self {
            Self(instanceId: instanceId, details: true, maxResults: maxResults)
        }
    }

    /// `CommandPlugin`: one plugin's result within an invocation (listed with `Details`).
    public struct CommandPlugin: Decodable, Sendable, Hashable {
        public var name: String?
        public var status: String?
        /// The plugin's exit code; -1 while it has none.
        public var responseCode: Int?
        /// The end of the output (the service keeps the first 2,500 characters), stderr after stdout.
        public var output: String?
    }

    /// `CommandInvocation` as `ListCommandInvocations` lists it.
    public struct ListedCommandInvocation: Decodable, Sendable, Hashable {
        public var commandId: String
        public var instanceId: String
        public var comment: String?
        /// `Pending`, `InProgress`, `Delayed`, `Success`, `Cancelled`, `TimedOut`, `Failed`, `Cancelling`.
        public var status: String?
        public var requestedDateTime: Date?
        public var commandPlugins: [CommandPlugin]?
    }

    /// `ListCommandInvocationsResult`: one page.
    public struct ListCommandInvocationsResponse: Decodable, PaginatedResponse {
        public var commandInvocations: [ListedCommandInvocation]
        public var nextToken: String?
        public var items: [ListedCommandInvocation] { commandInvocations }

        enum CodingKeys: String, CodingKey {
            case commandInvocations, nextToken
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            commandInvocations =
                try container.decodeIfPresent([ListedCommandInvocation].self, forKey: .commandInvocations) ?? []
            nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
        }
    }
}
