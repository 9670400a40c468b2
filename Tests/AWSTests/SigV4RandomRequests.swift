import Foundation

@testable import AWS

/// A small deterministic generator (SplitMix64), so every run checks the same requests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One request for the cross-check, with everything both signers need.
struct RandomSigningCase: Encodable {
    var method: String
    var host: String
    var path: String
    var query: String
    var headers: [[String]]
    var body: String  // base64
    var accessKey: String
    var secret: String
    var token: String?
    var service: String
    var region: String
    var time: Int

    /// The URL botocore parses; the path and query go in exactly as they are on our side.
    var url: String { "https://\(host)\(path)" + (query.isEmpty ? "" : "?\(query)") }

    var signable: SignableRequest {
        SignableRequest(
            method: method, path: path, query: query,
            headers: headers.map { .init($0[0], $0[1]) },
            body: Array(Data(base64Encoded: body) ?? Data())
        )
    }

    var credentials: Credentials {
        Credentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token)
    }

    enum CodingKeys: String, CodingKey {
        case method, url, headers, body, accessKey, secret, token, service, region, time
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(url, forKey: .url)
        try container.encode(headers, forKey: .headers)
        try container.encode(body, forKey: .body)
        try container.encode(accessKey, forKey: .accessKey)
        try container.encode(secret, forKey: .secret)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encode(service, forKey: .service)
        try container.encode(region, forKey: .region)
        try container.encode(time, forKey: .time)
    }
}

/// Builds odd but well-formed requests.
///
/// Where botocore's signer has different (not wrong) semantics, the inputs stay inside what both agree on:
/// - botocore signs the query string as it is on the wire, without decoding and re-encoding it; Kiln's signer
///   re-encodes (as the AWS services do when they check a signature). So queries are generated already in
///   canonical form: every byte but the unreserved ones percent-encoded with upper-case hex. Raw unicode,
///   lower-case escapes and `+` are covered by `SigV4NormalizationTests` instead.
/// - botocore keeps empty pairs (`a&&b` signs `=`); Kiln drops them, like the query parsers of the other SDKs.
///   No `&&` is generated.
/// - Python's `str.split()` also folds `\x1c`–`\x1f` and non-ASCII spaces in header values; HTTP forbids
///   those, and Kiln folds ASCII whitespace only. Header values use visible characters, spaces, tabs and
///   line breaks, plus non-space unicode.
/// - botocore rewrites a `Date` header and keeps a stale `X-Amz-Security-Token` when the credentials have no
///   token; Kiln signs `X-Amz-Date` only and always drops a stale token. Neither case is generated.
/// - botocore takes an `X-Amz-Content-SHA256` header as the payload hash (an S3 convention); Kiln always hashes
///   the body. That header is not generated.
/// - Paths hold no `?`, `#` or control characters: they would not survive being parsed as part of a URL.
struct RandomRequestFactory {
    var rng: SeededGenerator

    static let segments = [
        "a", "ec2", "Item", ".", "..", "", "a b", "x%20y", "%", "ü", "日本", "😀", "e\u{301}", "\u{301}x",
        "!$&'()*+,;=:@", "~user", "-_.", "back\\slash", "[v]", "{j}", "semi;colon", "100%", "a=b", "...",
    ]
    static let queryWords = ["Action", "Version", "a", "A", "b", "é", "日本", "😀", "x y", "&=+", "~-_.", "/", "", "%"]
    static let headerNames = [
        "X-Amz-Target", "Content-Type", "x-custom", "X-Custom", "X-Amz-Meta-Data", "Accept", "Content-Length",
        "User-Agent", "Connection", "Expect", "X-Amzn-Trace-Id", "Authorization", "X-Amz-Date", "My-Header1",
        "TE", "Upgrade", "Keep-Alive", "Content-MD5",
    ]
    static let headerValues = [
        "value", "  padded  ", "a   b\tc", "multi\n  line", "crlf\r\n folded", "", " ", "x,y", "\u{0B}vt\u{0C}ff",
        "application/x-amz-json-1.0", "é ü", "日本語", "quote\"d", "a=b; c=d",
    ]
    static let methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "post"]
    static let regions = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "ap-southeast-2"]
    static let services = ["ec2", "autoscaling", "ssm", "sts", "dynamodb", "service"]
    static let hosts = ["example.amazonaws.com", "127.0.0.1:5000", "ec2.eu-west-1.amazonaws.com"]

    /// A few credential sets, one of them sharing an access key with a different secret (a rotated key).
    static let credentialSets: [(String, String)] = [
        ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        ("AKIAIOSFODNN7EXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
        ("AKIAIOSFODNN7EXAMPLE", "rotated/Secret+Key0000000000000000000000"),
        ("ASIAZZZZZZZZZZZZZZZZ", "short"),
    ]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    mutating func path() -> String {
        if chance(5) { return "" }
        let count = Int.random(in: 0...6, using: &rng)
        let body = (0..<count).map { _ in pick(Self.segments) }.joined(separator: "/")
        return "/" + body + (chance(30) ? "/" : "")
    }

    mutating func query() -> String {
        var pairs: [String] = []
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            let key = chance(20) && !pairs.isEmpty ? String(pick(pairs).split(separator: "=").first ?? "") : word()
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: pairs.append(key)  // no "="
            case 1: pairs.append("\(key)=")  // empty value
            case 2: pairs.append("=\(word())")  // empty key
            default: pairs.append("\(key)=\(word())")
            }
        }
        return pairs.filter { !$0.isEmpty }.joined(separator: "&")
    }

    mutating func word() -> String {
        let raw = (0..<Int.random(in: 1...3, using: &rng)).map { _ in pick(Self.queryWords) }.joined()
        return Self.percentEncoded(raw)
    }

    /// Independent of the signer's encoder: upper-case `%XX` for every byte outside `A-Za-z0-9-_.~`.
    static func percentEncoded(_ text: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~".utf8)
        return text.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
            .joined()
    }

    mutating func headers(host: String, token: String?) -> [[String]] {
        var headers = [[chance(50) ? "Host" : "host", host]]
        for _ in 0..<Int.random(in: 0...7, using: &rng) {
            let name = chance(15) ? "X-Rand-\(Int.random(in: 0...3, using: &rng))" : pick(Self.headerNames)
            headers.append([name, pick(Self.headerValues)])
        }
        if let token, chance(20) {
            headers.append(["X-Amz-Security-Token", chance(50) ? token : "stale-\(token.prefix(4))"])
        }
        return headers.shuffled(using: &rng)
    }

    mutating func body() -> Data {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: Data()
        case 1: Data("Action=DescribeImages&Version=2016-11-15&Owner.1=self".utf8)
        case 2: Data("{\"TableName\":\"kiln\",\"Key\":{\"pk\":{\"S\":\"é\"}}}".utf8)
        default: Data((0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
    }

    mutating func make() -> RandomSigningCase {
        let (accessKey, secret) = pick(Self.credentialSets)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        let token: String? =
            chance(35) ? String((0..<Int.random(in: 16...300, using: &rng)).map { _ in pick(alphabet) }) : nil
        let host = pick(Self.hosts)
        return RandomSigningCase(
            method: pick(Self.methods), host: host, path: path(), query: query(),
            headers: headers(host: host, token: token), body: body().base64EncodedString(),
            accessKey: accessKey, secret: secret, token: token,
            service: pick(Self.services), region: pick(Self.regions),
            time: Int.random(in: 946_684_800...2_208_988_799, using: &rng)
        )
    }
}
