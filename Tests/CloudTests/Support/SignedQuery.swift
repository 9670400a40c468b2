import AWS
import AsyncHTTPClient
import Foundation
import NIOCore

/// Signed calls to actions Kiln's AWS module does not have (test set-up and checks only): a query-protocol
/// POST signed with SigV4, sent through the proxy like every other call.
struct SignedQuery: Sendable {
    let endpoint: URL
    let credentials: Credentials

    static let apiVersions = ["ec2": "2016-11-15", "autoscaling": "2011-01-01", "iam": "2010-05-08"]

    struct Reply: Sendable {
        var status: Int
        var body: String

        /// The text of every `<tag>` element.
        func values(_ tag: String) -> [String] {
            body.components(separatedBy: "<\(tag)>").dropFirst().compactMap {
                $0.components(separatedBy: "</\(tag)>").first
            }
        }

        func value(_ tag: String) -> String? { values(tag).first }
    }

    /// Calls `action` and returns the answer; a non-2xx answer throws.
    @discardableResult
    func call(
        _ service: String, _ action: String, region: String, _ parameters: [(String, String)] = []
    ) async throws -> Reply {
        let all = [("Action", action), ("Version", Self.apiVersions[service] ?? "")] + parameters
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let host = "\(endpoint.host ?? "127.0.0.1"):\(endpoint.port ?? 80)"
        var signable = SignableRequest(
            method: "POST", path: "/",
            headers: [
                .init("Host", host), .init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ],
            body: Array(body.utf8))
        SigV4Signer(service: service, region: region).sign(&signable, credentials: credentials, date: Date())
        var request = HTTPClientRequest(url: endpoint.absoluteString + "/")
        request.method = .POST
        for header in signable.headers where header.name != "Host" {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: signable.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
        let reply = Reply(status: Int(response.status.code), body: text)
        guard (200..<300).contains(reply.status) else {
            throw SignedQueryError(action: action, status: reply.status, body: String(text.prefix(600)))
        }
        return reply
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

struct SignedQueryError: Error, CustomStringConvertible {
    var action: String
    var status: Int
    var body: String

    var description: String { "\(action) answered HTTP \(status): \(body)" }
}
