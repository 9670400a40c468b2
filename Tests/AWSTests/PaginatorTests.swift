import Synchronization
import Testing

@testable import AWS

@Suite("Pagination")
struct PaginatorTests {
    struct Request: PaginatedRequest {
        var nextToken: String?
    }

    struct Page: PaginatedResponse {
        var items: [Int]
        var nextToken: String?
    }

    /// The tokens a listing asked with.
    final class CallLog: Sendable {
        private let tokens = Mutex<[String?]>([])
        func record(_ token: String?) { tokens.withLock { $0.append(token) } }
        var all: [String?] { tokens.withLock { $0 } }
    }

    /// A listing served from `pages` keyed by the token that asks for them (`""` for the first).
    static func paginator(_ pages: [String: Page], calls: CallLog? = nil) -> Paginator<Request, Page> {
        Paginator(Request(), service: .ec2, action: "DescribeThings") { request in
            calls?.record(request.nextToken)
            guard let page = pages[request.nextToken ?? ""] else {
                throw AWSError.invalidRequest("no such page", service: .ec2, action: "DescribeThings")
            }
            return page
        }
    }

    @Test("follows NextToken to the last page")
    func followsTokens() async throws {
        let calls = CallLog()
        let pages = [
            "": Page(items: [1, 2], nextToken: "a"), "a": Page(items: [3], nextToken: "b"),
            "b": Page(items: [4, 5], nextToken: nil),
        ]
        let items = try await Self.paginator(pages, calls: calls).allItems()
        #expect(items == [1, 2, 3, 4, 5])
        #expect(calls.all == [nil, "a", "b"])
    }

    @Test("an empty token ends the listing")
    func emptyTokenEnds() async throws {
        let pages = ["": Page(items: [1], nextToken: "a"), "a": Page(items: [2], nextToken: "")]
        #expect(try await Self.paginator(pages).allItems() == [1, 2])
    }

    @Test("pages arrive one at a time")
    func pageByPage() async throws {
        let pages = ["": Page(items: [], nextToken: "a"), "a": Page(items: [7], nextToken: nil)]
        var seen: [[Int]] = []
        for try await page in Self.paginator(pages) { seen.append(page.items) }
        #expect(seen == [[], [7]])
    }

    @Test("a repeated token is an error, not an endless loop")
    func repeatedToken() async throws {
        let pages = [
            "": Page(items: [1], nextToken: "a"), "a": Page(items: [2], nextToken: "b"),
            "b": Page(items: [3], nextToken: "a"),
        ]
        let error = await #expect(throws: AWSError.self) { try await Self.paginator(pages).allItems() }
        #expect(error?.code == "RepeatedPageToken")
        #expect(error?.action == "DescribeThings")
    }

    @Test("a page that repeats its own token is caught at once")
    func selfLoop() async throws {
        let calls = CallLog()
        let pages = ["": Page(items: [1], nextToken: "x"), "x": Page(items: [2], nextToken: "x")]
        await #expect(throws: AWSError.self) { try await Self.paginator(pages, calls: calls).allItems() }
        #expect(calls.all.count == 2)
    }
}
