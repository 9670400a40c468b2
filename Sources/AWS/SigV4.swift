import Crypto
import Foundation
import Synchronization

/// An HTTP request as SigV4 sees it: everything the signature covers.
public struct SignableRequest: Sendable, Equatable {
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var method: String
    /// The path exactly as it goes on the wire (e.g. `/`).
    public var path: String
    /// The query string as it goes on the wire, without the leading `?` (empty when none).
    public var query: String
    /// Headers in order; repeated names are allowed. `Host` must be present.
    public var headers: [Header]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [Header], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of a header (case-insensitive name), in order.
    public func values(of name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowered }.map(\.value)
    }
}

/// Signs requests with AWS Signature Version 4 (header-based, `AWS4-HMAC-SHA256`).
///
/// Derived signing keys are cached per access key, day, region and service, as the AWS SDKs do.
public struct SigV4Signer: Sendable {
    public let service: String
    public let region: String
    /// S3 signs the path as given; every other service normalizes it first.
    public let normalizesPath: Bool
    private let cache: SigningKeyCache

    public init(service: String, region: String, normalizesPath: Bool = true) {
        self.service = service
        self.region = region
        self.normalizesPath = normalizesPath
        self.cache = SigningKeyCache()
    }

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (for temporary credentials) and `Authorization`.
    ///
    /// Headers a previous signing added are replaced, so a retry with refreshed credentials is signed afresh
    /// and never carries a stale session token.
    public func sign(_ request: inout SignableRequest, credentials: Credentials, date: Date) {
        let stamp = AmzDate(date)
        let replaced: Set<String> = ["x-amz-date", "authorization", "x-amz-security-token"]
        request.headers.removeAll { replaced.contains($0.name.lowercased()) }
        request.headers.append(.init("X-Amz-Date", stamp.full))
        if let token = credentials.sessionToken {
            request.headers.append(.init("X-Amz-Security-Token", token))
        }
        let value = authorization(for: request, credentials: credentials, date: stamp)
        request.headers.append(.init("Authorization", value))
    }

    // MARK: - The steps of the algorithm (internal for tests)

    func authorization(for request: SignableRequest, credentials: Credentials, date: AmzDate) -> String {
        let canonical = canonicalRequest(request)
        let toSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let key = cache.key(for: credentials, day: date.day, region: region, service: service)
        let signature = HMAC<SHA256>.authenticationCode(for: Array(toSign.utf8), using: key).hexString
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(date)), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
    }

    func scope(_ date: AmzDate) -> String {
        "\(date.day)/\(region)/\(service)/aws4_request"
    }

    func stringToSign(canonicalRequest: String, date: AmzDate) -> String {
        let hash = SHA256.hash(data: Array(canonicalRequest.utf8)).hexString
        return "AWS4-HMAC-SHA256\n\(date.full)\n\(scope(date))\n\(hash)"
    }

    func canonicalRequest(_ request: SignableRequest) -> (text: String, signedHeaders: String) {
        let headers = CanonicalHeaders(request.headers)
        let payloadHash = SHA256.hash(data: request.body).hexString
        let text = [
            request.method.uppercased(),
            CanonicalURI.path(request.path, normalize: normalizesPath),
            CanonicalURI.query(request.query),
            headers.text,
            "",
            headers.signedNames,
            payloadHash,
        ].joined(separator: "\n")
        return (text, headers.signedNames)
    }
}

// MARK: - Signing key cache

/// Derived signing keys, one per (access key, day, region, service), with the secret's digest to notice rotation.
final class SigningKeyCache: Sendable {
    private struct Entry {
        var secretDigest: SHA256.Digest
        var key: SymmetricKey
    }

    private let entries = Mutex<[String: Entry]>([:])

    func key(for credentials: Credentials, day: String, region: String, service: String) -> SymmetricKey {
        let name = "\(credentials.accessKeyID)/\(day)/\(region)/\(service)"
        let digest = SHA256.hash(data: Array(credentials.secretAccessKey.utf8))
        if let entry = entries.withLock({ $0[name] }), entry.secretDigest == digest {
            return entry.key
        }
        let key = Self.derive(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        entries.withLock { cached in
            if cached.count > 64 { cached.removeAll() }
            cached[name] = Entry(secretDigest: digest, key: key)
        }
        return key
    }

    static func derive(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }
}

// MARK: - Dates

/// The two forms of a signing time: `20150830T123600Z` and `20150830`.
struct AmzDate: Sendable {
    let full: String
    var day: String { String(full.prefix(8)) }

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        full = String(
            format: "%04d%02d%02dT%02d%02d%02dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)
        )
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal.
    var hexString: String {
        var text = ""
        for byte in self {
            text += String(byte, radix: 16).leftPadded(to: 2)
        }
        return text
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}

extension Digest {
    var hexString: String { Array(self).hexString }
}

extension HashedAuthenticationCode {
    var hexString: String { Array(self).hexString }
}
