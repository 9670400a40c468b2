import Crypto
import Git
import Foundation
import Redaction

// MARK: - GitHub webhooks: signature and meaning

/// Decides what a GitHub webhook delivery means: pure, so every case is tested without a server.
///
/// The body must carry `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body under the shared
/// secret, compared in constant time. A `push` to the tracked branch asks for a cycle; `ping` is acknowledged;
/// other events and branches are ignored.
public struct WebhookVerifier: Sendable {
    /// What to answer and whether to wake the loop.
    public struct Decision: Sendable, Equatable {
        /// The HTTP status.
        public var status: Int
        /// A short plain-text body.
        public var message: String
        /// Wake the loop for a cycle now.
        public var trigger: Bool
        /// For the metric label: `push`, `ping`, `ignored`, `unauthorized`, `invalid`.
        public var outcome: String
    }

    private let key: SymmetricKey
    /// The branch whose pushes matter.
    public let branch: String

    /// A verifier for `secret` (raw bytes of the secret file, surrounding whitespace removed).
    public init(secret: [UInt8], branch: String) {
        self.key = SymmetricKey(data: secret)
        self.branch = branch
    }

    /// Reads the secret from a file; nil when the file is empty.
    public static func secret(fromFile path: String) throws -> [UInt8]? {
        try SecretFile.checkPermissions(path, what: "webhook secret")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        Redaction.remember(secret: text)
        return text.isEmpty ? nil : Array(text.utf8)
    }

    /// Whether `signature` (`sha256=<64 hex digits>`) is the body's HMAC under the secret (constant time).
    public func isValid(signature: String?, body: [UInt8]) -> Bool {
        guard let signature, signature.hasPrefix("sha256="), let mac = Self.bytes(hex: signature.dropFirst(7)),
            mac.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: key)
    }

    /// The answer to a delivery of `event` with `signature` and `body`.
    public func decide(event: String?, signature: String?, body: [UInt8]) -> Decision {
        guard isValid(signature: signature, body: body) else {
            return Decision(
                status: 401, message: "invalid or missing signature", trigger: false, outcome: "unauthorized")
        }
        switch event {
        case "ping":
            return Decision(status: 200, message: "pong", trigger: false, outcome: "ping")
        case "push":
            guard let payload = try? JSONDecoder().decode(PushPayload.self, from: Data(body)), let ref = payload.ref
            else {
                return Decision(status: 400, message: "a push without a ref", trigger: false, outcome: "invalid")
            }
            guard ref == "refs/heads/" + branch else {
                return Decision(
                    status: 202, message: "ignored: \(Self.shown(ref)) is not tracked", trigger: false,
                    outcome: "ignored")
            }
            return Decision(status: 202, message: "cycle requested", trigger: true, outcome: "push")
        default:
            return Decision(status: 202, message: "ignored event", trigger: false, outcome: "ignored")
        }
    }

    /// A ref as it may appear in an answer: one line of at most 100 characters, control characters as spaces.
    static func shown(_ ref: String) -> String {
        var line = String.UnicodeScalarView()
        for scalar in ref.unicodeScalars.prefix(101) {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: line.append(" ")
            default: line.append(scalar)
            }
        }
        let text = String(line)
        return text.unicodeScalars.count > 100 ? String(text.prefix(99)) + "…" : text
    }

    private struct PushPayload: Decodable {
        var ref: String?
    }

    /// The bytes of `hex`, two ASCII hexadecimal digits each (either case); nil for anything else.
    private static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count.isMultiple(of: 2), hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var rest = hex
        while let byte = UInt8(rest.prefix(2), radix: 16) {
            bytes.append(byte)
            rest = rest.dropFirst(2)
        }
        return rest.isEmpty ? bytes : nil
    }
}
