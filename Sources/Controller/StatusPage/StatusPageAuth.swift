import Crypto
import Foundation
import Git
import Redaction

// MARK: - Who may read the page

/// `http.pageAuth`: the page open to whoever reaches the listener (loopback by default), basic auth, or a bearer
/// token. Credentials are compared in constant time, as digests, so neither content nor length leaks by timing.
public enum StatusPageAuth: Sendable, Equatable {
    case none
    /// `user:password`, as in the basic auth file.
    case basic(userAndPassword: String)
    case bearer(token: String)

    /// The scheme of `http.pageAuth`.
    public enum Scheme: String, Sendable, Equatable, CaseIterable {
        case none, basic, bearer
    }

    /// Reads the secret file of `settings.pageAuth` (mode-checked like every secret file).
    public init(_ settings: HTTPSettings) throws {
        switch settings.pageAuth {
        case .none:
            self = .none
        case .basic:
            guard let file = settings.basicAuthFile else {
                throw ConfigError.invalidValue("http.pageAuth", "basic needs http.basicAuthFile")
            }
            let text = try SecretFile.read(file, what: "basic auth")
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, !text.contains("\n") else {
                throw ConfigError.invalidValue("http.basicAuthFile", "\(file) must hold one line user:password")
            }
            Redaction.remember(secret: String(text[text.index(after: colon)...]))
            self = .basic(userAndPassword: text)
        case .bearer:
            guard let file = settings.bearerTokenFile else {
                throw ConfigError.invalidValue("http.pageAuth", "bearer needs http.bearerTokenFile")
            }
            let token = try SecretFile.read(file, what: "bearer token")
            Redaction.remember(secret: token)
            self = .bearer(token: token)
        }
    }

    /// Whether a request with this `Authorization` header may read the page.
    public func allows(authorization: String?) -> Bool {
        switch self {
        case .none:
            return true
        case .basic(let expected):
            guard let value = Self.credentials(authorization, scheme: "basic"),
                let decoded = Data(base64Encoded: value)
            else { return false }
            return Self.equal(Array(decoded), Array(expected.utf8))
        case .bearer(let expected):
            guard let value = Self.credentials(authorization, scheme: "bearer") else { return false }
            return Self.equal(Array(value.utf8), Array(expected.utf8))
        }
    }

    /// The `WWW-Authenticate` challenge of a refusal.
    public var challenge: String? {
        switch self {
        case .none: nil
        case .basic: "Basic realm=\"kiln\", charset=\"UTF-8\""
        case .bearer: "Bearer realm=\"kiln\""
        }
    }

    private static func credentials(_ header: String?, scheme: String) -> String? {
        guard let header, let space = header.firstIndex(of: " "),
            header[..<space].lowercased() == scheme
        else { return nil }
        return header[header.index(after: space)...].trimmingCharacters(in: .whitespaces)
    }

    /// Equal bytes, compared as SHA-256 digests in constant time.
    static func equal(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        let (left, right) = (Array(SHA256.hash(data: given)), Array(SHA256.hash(data: expected)))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
