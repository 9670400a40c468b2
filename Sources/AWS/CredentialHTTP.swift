import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The small HTTP exchanges of the metadata credential sources, on a caller-supplied `HTTPClient`.
///
/// Failures name the source and the host, never a header value (the authorization token) or a response body.
struct CredentialHTTP: Sendable {
    let client: HTTPClient
    let timeout: Duration
    let source: String

    struct Response {
        var status: UInt
        var body: ByteBuffer

        var text: String { String(buffer: body) }
    }

    /// Sends one request and collects up to 64 KiB of body, all within `timeout`.
    ///
    /// The client's own deadline does not cut short a connection attempt to an address that never answers (its
    /// connect timeout does, much later), so the exchange races a timer in a task group and the loser is
    /// cancelled.
    func send(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = []) async throws -> Response {
        try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask { try await exchange(method, url, headers: headers) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw CredentialError.retrieval(source, "request to \(Self.host(of: url)) timed out after \(timeout)")
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() else { throw CancellationError() }
            return response
        }
    }

    private func exchange(_ method: HTTPMethod, _ url: String, headers: [(String, String)]) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.nanoseconds))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let body = try await response.body.collect(upTo: 64 * 1024)
            return Response(status: response.status.code, body: body)
        } catch let error as HTTPClientError {
            throw CredentialError.retrieval(source, "request to \(Self.host(of: url)) failed: \(error)")
        } catch {
            throw CredentialError.retrieval(source, "request to \(Self.host(of: url)) failed: \(type(of: error))")
        }
    }

    /// `scheme://host:port` of a URL, for messages.
    static func host(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "an invalid URL" }
        let rest = url[schemeEnd.upperBound...]
        return String(url[..<schemeEnd.upperBound]) + String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
