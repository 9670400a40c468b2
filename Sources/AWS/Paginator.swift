/// A request that can ask for the page after a `NextToken`.
public protocol PaginatedRequest: Sendable {
    var nextToken: String? { get set }
}

/// A page of a listing: its items and the token of the next page (`nil` or empty on the last page).
public protocol PaginatedResponse: Sendable {
    associatedtype Item: Sendable
    var nextToken: String? { get }
    var items: [Item] { get }
}

/// Every page of a listing, in order, as an `AsyncSequence`: follows `NextToken` to the end.
///
/// A token the service already returned ends the listing with `AWSError` code `RepeatedPageToken` rather than
/// looping forever.
public struct Paginator<Request: PaginatedRequest, Response: PaginatedResponse>: AsyncSequence, Sendable {
    public typealias Element = Response

    private let request: Request
    private let service: AWSService
    private let action: String
    private let fetch: @Sendable (Request) async throws -> Response

    init(
        _ request: Request, service: AWSService, action: String,
        fetch: @escaping @Sendable (Request) async throws -> Response
    ) {
        self.request = request
        self.service = service
        self.action = action
        self.fetch = fetch
    }

    /// Reads every page and returns all their items.
    public func allItems() async throws -> [Response.Item] {
        var items: [Response.Item] = []
        for try await page in self {
            items += page.items
        }
        return items
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(next: request, paginator: self)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var next: Request?
        private var seenTokens: Set<String> = []
        private let paginator: Paginator

        init(next: Request, paginator: Paginator) {
            self.next = next
            self.paginator = paginator
            if let token = next.nextToken { seenTokens.insert(token) }
        }

        public mutating func next() async throws -> Response? {
            guard let request = next else { return nil }
            next = nil
            let page = try await paginator.fetch(request)
            if let token = page.nextToken, !token.isEmpty {
                guard seenTokens.insert(token).inserted else {
                    throw AWSError.repeatedPageToken(service: paginator.service, action: paginator.action)
                }
                var following = request
                following.nextToken = token
                next = following
            }
            return page
        }
    }
}
