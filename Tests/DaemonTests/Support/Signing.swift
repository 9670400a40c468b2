import Crypto
import Foundation

/// GitHub's `X-Hub-Signature-256` of a body.
enum Signing {
    static func signature(_ body: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func push(branch: String = "main") -> String {
        #"{"ref":"refs/heads/\#(branch)","after":"0123456789abcdef0123456789abcdef01234567"}"#
    }
}
