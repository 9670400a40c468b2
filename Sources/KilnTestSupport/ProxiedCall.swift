import Foundation
import NIOHTTP1

/// The wire protocol family of an AWS call, which decides the shape of injected errors.
public enum AWSWireProtocol: String, Sendable, Hashable {
    /// EC2's query protocol: errors in `<Response><Errors><Error>`.
    case ec2Query
    /// The query protocol (AutoScaling, STS, IAM): errors in `<ErrorResponse>`.
    case query
    /// JSON 1.0 (DynamoDB).
    case json10
    /// JSON 1.1 (SSM).
    case json11
    /// Anything else (moto's control API, S3, ...).
    case other
}

/// One AWS call as the proxy saw it: service, region and action parsed from the request.
public struct ProxiedCall: Sendable {
    /// A number unique to the call within the proxy's lifetime, in arrival order.
    public var sequence: Int
    /// The signing service from the credential scope (`ec2`, `autoscaling`, `ssm`, `sts`, ...), or "".
    public var service: String
    /// The region from the credential scope, or "".
    public var region: String
    /// The action: `Action=` of a query call, the part of `X-Amz-Target` after the dot for JSON, or "".
    public var action: String
    public var wireProtocol: AWSWireProtocol
    public var method: String
    /// The request target exactly as received (path and query).
    public var uri: String
    public var headers: HTTPHeaders
    /// The request body as UTF-8 text.
    public var body: String
    /// Form parameters of a query-protocol call (query string and form body), e.g. `ImageId.1`.
    public var parameters: [String: String]

    /// Parses a request. Never fails: unknown parts stay empty.
    public init(sequence: Int, method: String, uri: String, headers: HTTPHeaders, body: String) {
        self.sequence = sequence
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        let scope = Self.credentialScope(headers: headers, uri: uri)
        self.service = scope?.service ?? ""
        self.region = scope?.region ?? ""

        var parameters: [String: String] = [:]
        if let queryStart = uri.firstIndex(of: "?") {
            parameters.merge(Self.formDecode(uri[uri.index(after: queryStart)...])) { _, new in new }
        }
        let contentType = headers.first(name: "content-type")?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            parameters.merge(Self.formDecode(Substring(body))) { _, new in new }
        }
        self.parameters = parameters

        if let target = headers.first(name: "x-amz-target") {
            self.action = target.split(separator: ".").last.map(String.init) ?? target
            self.wireProtocol = contentType.contains("1.0") ? .json10 : .json11
        } else {
            self.action = parameters["Action"] ?? ""
            if self.action.isEmpty {
                self.wireProtocol = .other
            } else {
                self.wireProtocol = self.service == "ec2" ? .ec2Query : .query
            }
        }
    }

    /// The JSON body as a dictionary (JSON protocols), or nil.
    public func jsonBody() -> [String: Any]? {
        guard let data = body.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// The values of a query-protocol list parameter, e.g. `list("InstanceId")` for `InstanceId.1`, `InstanceId.2`.
    public func list(_ prefix: String) -> [String] {
        parameters.compactMap { key, value -> (Int, String)? in
            guard key.hasPrefix(prefix + "."), let index = Int(key.dropFirst(prefix.count + 1)) else { return nil }
            return (index, value)
        }
        .sorted { $0.0 < $1.0 }
        .map(\.1)
    }

    // MARK: - Parsing

    /// `(region, service)` from `Credential=AKID/date/region/service/aws4_request` (header or presigned query).
    static func credentialScope(headers: HTTPHeaders, uri: String) -> (region: String, service: String)? {
        var credential: Substring?
        if let authorization = headers.first(name: "authorization"),
            let range = authorization.range(of: "Credential=")
        {
            credential = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }
        } else if let queryStart = uri.firstIndex(of: "?") {
            credential = formDecode(uri[uri.index(after: queryStart)...])["X-Amz-Credential"].map { Substring($0) }
        }
        guard let parts = credential?.split(separator: "/"), parts.count >= 5 else { return nil }
        return (String(parts[parts.count - 3]), String(parts[parts.count - 2]))
    }

    static func formDecode(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decodeComponent(parts[0])
            result[key] = parts.count > 1 ? decodeComponent(parts[1]) : ""
        }
        return result
    }

    private static func decodeComponent(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
