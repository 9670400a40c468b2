import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import Redaction

// MARK: - GET /, /images/<name>, /api/status

extension HTTPServer {
    /// The status page's routes; without a page they answer 404.
    static func addStatusPage(to router: Router<PeerRequestContext>, _ context: Context) {
        router.get("/") { request, _ in
            try await page(request, context) { page, now in
                html(.ok, StatusPageHTML.index(page.reader.snapshot(now: now)))
            }
        }
        router.get("/images/:name") { request, requestContext in
            let name = requestContext.parameters.get("name") ?? ""
            return try await page(request, context) { page, now in
                guard let detail = page.reader.detail(name, now: now) else {
                    return text(.notFound, "no image named \(String(name.prefix(63)))")
                }
                return html(.ok, StatusPageHTML.image(detail))
            }
        }
        router.get("/api/status") { request, _ in
            try await page(request, context) { page, now in
                json(page.reader.snapshot(now: now))
            }
        }
    }

    /// Answers 404 without a page, 401 without the page's credentials, else `body`'s response.
    ///
    /// `body` reads git, which waits while the daemon's loop holds the repository (a fetch): it runs on NIO's
    /// blocking thread pool, never on an event loop.
    private static func page(
        _ request: Request, _ context: Context, _ body: @escaping @Sendable (StatusPage, Date) -> Response
    ) async throws -> Response {
        guard let page = context.page else { return text(.notFound, "the status page is off") }
        let authorization = request.headers.first { $0.name == .authorization }?.value
        guard page.auth.allows(authorization: authorization) else {
            var response = text(.unauthorized, "credentials required")
            if let challenge = page.auth.challenge { response.headers[.wwwAuthenticate] = challenge }
            return response
        }
        let now = context.clock.now()
        var response = try await NIOThreadPool.singleton.runIfActive { body(page, now) }
        response.headers[.cacheControl] = "no-store"
        if let name = HTTPFields.Element.Name("X-Content-Type-Options") { response.headers[name] = "nosniff" }
        return response
    }

    private static func html(_ status: HTTPResponse.Status, _ html: String) -> Response {
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        if let name = HTTPFields.Element.Name("Content-Security-Policy") {
            response.headers[name] =
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'"
        }
        return response
    }

    /// The snapshot as JSON, every string redacted.
    private static func json(_ snapshot: StatusPageSnapshot) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(snapshot)).map(Redaction.redactJSON) ?? Data("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
