import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Builds AWS requests with a syntactically valid (unchecked) SigV4 Authorization header.
enum AWSTestCall {
    static let apiVersions = [
        "ec2": "2016-11-15", "autoscaling": "2011-01-01", "sts": "2011-06-15", "iam": "2010-05-08",
    ]

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        }
    }

    static func authorization(service: String, region: String) -> String {
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/\(region)/\(service)/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature="
            + String(repeating: "0", count: 64)
    }

    /// A query-protocol call (EC2, AutoScaling, STS, IAM).
    static func query(
        _ endpoint: URL, service: String, region: String = "us-east-1", action: String,
        _ parameters: [(String, String)] = []
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.absoluteString + "/")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.headers.add(name: "X-Amz-Date", value: "20260101T000000Z")
        request.headers.add(name: "Authorization", value: authorization(service: service, region: region))
        let all = [("Action", action), ("Version", apiVersions[service] ?? "2011-01-01")] + parameters
        let body = all.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    /// A JSON-protocol call (SSM: 1.1, DynamoDB: 1.0).
    static func json(
        _ endpoint: URL, service: String, region: String = "us-east-1", target: String, body: String,
        jsonVersion: String = "1.1"
    ) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.absoluteString + "/")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-amz-json-\(jsonVersion)")
        request.headers.add(name: "X-Amz-Target", value: target)
        request.headers.add(name: "X-Amz-Date", value: "20260101T000000Z")
        request.headers.add(name: "Authorization", value: authorization(service: service, region: region))
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    static func send(_ request: HTTPClientRequest, timeout: TimeAmount = .seconds(120)) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The text of the first `<tag>` element.
    static func xmlValue(_ tag: String, in xml: String) -> String? {
        xmlValues(tag, in: xml).first
    }

    /// The texts of every `<tag>` element.
    static func xmlValues(_ tag: String, in xml: String) -> [String] {
        xml.components(separatedBy: "<\(tag)>").dropFirst().compactMap { $0.components(separatedBy: "</\(tag)>").first }
    }
}
