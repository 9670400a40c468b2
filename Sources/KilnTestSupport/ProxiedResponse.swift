import Foundation
import NIOHTTP1

/// A response the proxy returns to the client: forwarded from moto, rewritten, canned or injected.
public struct ProxiedResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The body as UTF-8 text (every protocol the proxy handles is text).
    public var body: String

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: String) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// An XML response (`text/xml`).
    public static func xml(_ body: String, status: Int = 200) -> ProxiedResponse {
        ProxiedResponse(status: status, headers: ["Content-Type": "text/xml"], body: body)
    }

    /// A JSON-protocol response with the content type of `wireProtocol` (1.0 or 1.1).
    public static func json(_ body: String, status: Int = 200, wireProtocol: AWSWireProtocol) -> ProxiedResponse {
        let version = wireProtocol == .json10 ? "1.0" : "1.1"
        return ProxiedResponse(
            status: status, headers: ["Content-Type": "application/x-amz-json-\(version)"], body: body)
    }

    /// A JSON-protocol response serialised from a dictionary.
    static func json(object: [String: Any], status: Int = 200, wireProtocol: AWSWireProtocol) -> ProxiedResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return json(String(decoding: data, as: UTF8.self), status: status, wireProtocol: wireProtocol)
    }

    /// An HTML error page like the one a failing web server returns.
    public static func html(status: Int) -> ProxiedResponse {
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        let body = """
            <!doctype html>
            <html lang=en>
            <title>\(status) \(reason)</title>
            <h1>\(reason)</h1>
            <p>The server encountered an error and was unable to complete your request.</p>

            """
        return ProxiedResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: body)
    }

    /// The body as a JSON dictionary, or nil.
    public func jsonBody() -> [String: Any]? {
        guard let data = body.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The same response with its body replaced by `object` serialised as JSON.
    func replacingJSON(_ object: [String: Any]) -> ProxiedResponse {
        var copy = self
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        copy.body = String(decoding: data, as: UTF8.self)
        return copy
    }
}
