import Foundation

// MARK: - Secrets never reach a status file

/// Best-effort removal of secrets from text that came from a builder (step output) or from AWS (error messages).
///
/// Manifests never hold secrets (steps read them at run time), but a step may print one. Replaced with `***`:
/// values after `password=`, `token:`, `secret=`, `api_key=` and the like; `Authorization:` headers; private key
/// blocks; credentials in URLs; AWS access key ids; 40-character AWS secret keys; long base64 runs such as
/// session tokens.
public enum StatusRedaction {
    /// The text with everything that looks secret replaced by `***`.
    public static func redact(_ text: String) -> String {
        var text = text
        text.replace(privateKey) { _ in "-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----" }
        text.replace(authorization) { "\($0.1)***" }
        text.replace(keyValue) { "\($0.1)\($0.2)***" }
        text.replace(urlCredentials) { "\($0.1)***@" }
        text.replace(accessKeyID) { _ in "***" }
        text.replace(longBase64) { _ in "***" }
        text.replace(secretKeyCandidate) { match in
            let value = match.output.2
            let hasUpper = value.contains { $0.isUppercase }
            let hasLower = value.contains { $0.isLowercase }
            return String(match.output.1) + (hasUpper && hasLower ? "***" : String(value))
        }
        return text
    }

    /// The last `maxLines` lines and at most `maxCharacters` characters of an output tail.
    public static func tail(_ text: String, maxLines: Int = 40, maxCharacters: Int = 4000) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        var kept = lines.suffix(maxLines).joined(separator: "\n")
        if kept.count > maxCharacters { kept = String(kept.suffix(maxCharacters)) }
        return kept
    }

    // MARK: - Patterns

    private nonisolated(unsafe) static let privateKey =
        #/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/#

    private nonisolated(unsafe) static let authorization =
        #/(?i)(authorization\s*:\s*(?:bearer\s+|basic\s+|token\s+|aws4-hmac-sha256\s+)?)\S[^\r\n]*/#

    private nonisolated(unsafe) static let keyValue =
        #/(?i)((?:password|passwd|pwd|passphrase|secret|secret[_-]?access[_-]?key|session[_-]?token|token|api[_-]?key|access[_-]?token|private[_-]?key|client[_-]?secret|credentials?)["']?)(\s*[=:]\s*["']?)[^\s"',;&]+/#

    private nonisolated(unsafe) static let urlCredentials = #/([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@/#

    private nonisolated(unsafe) static let accessKeyID = #/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/#

    private nonisolated(unsafe) static let longBase64 = #/[A-Za-z0-9+\/]{100,}={0,2}/#

    private nonisolated(unsafe) static let secretKeyCandidate =
        #/(^|[^A-Za-z0-9+\/=])([A-Za-z0-9+\/]{40})(?![A-Za-z0-9+\/=])/#
}
