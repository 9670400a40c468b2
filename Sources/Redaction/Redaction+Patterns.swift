// MARK: - Secrets recognised by their shape

extension Redaction {
    /// Headers, `key=value` secrets, `x-access-token:`, GitHub tokens, JWTs, AWS keys and long base64 runs.
    static func redactPatterns(in text: String) -> String {
        // Each pattern runs only when the text holds what it needs: most lines hold none of it.
        let lowered = text.lowercased()
        let run = longestBase64Run(in: text)
        var text = text
        if lowered.contains("authorization") {
            text.replace(authorization) { "\($0.1)\(mask)" }
        }
        if secretNames.contains(where: lowered.contains) {
            text.replace(keyValue) { "\($0.1)\($0.2)\(mask)" }
        }
        if lowered.contains("x-access-token") {
            text.replace(accessToken) { "\($0.1)\(mask)" }
        }
        if gitHubPrefixes.contains(where: text.contains) {
            text.replace(gitHubToken) { _ in mask }
        }
        if text.contains("eyJ") {
            text.replace(jsonWebToken) { _ in mask }
        }
        if accessKeyPrefixes.contains(where: text.contains) {
            text.replace(accessKeyPair) { "\(mask)\($0.2)\(mask)" }
            text.replace(accessKeyID) { _ in mask }
        }
        if run >= 100 {
            text.replace(longBase64) { _ in mask }
        }
        if run >= 40 {
            text.replace(secretKeyCandidate) { match in
                let value = match.output.2
                let hasUpper = value.contains { $0.isUppercase }
                let hasLower = value.contains { $0.isLowercase }
                return String(match.output.1) + (hasUpper && hasLower ? mask : String(value))
            }
        }
        return text
    }

    /// The words `keyValue` starts with, lower case.
    private static let secretNames = [
        "pass", "pwd", "secret", "token", "api_key", "api-key", "apikey", "private", "credential",
    ]

    private static let gitHubPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]

    private static let accessKeyPrefixes = ["AKIA", "ASIA", "AROA", "AIDA"]

    /// The length of the longest run of base64 characters (`A-Z a-z 0-9 + /`).
    private static func longestBase64Run(in text: String) -> Int {
        var longest = 0
        var current = 0
        for byte in text.utf8 {
            let isBase64 =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2B || byte == 0x2F
            current = isBase64 ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    // MARK: - Patterns

    /// `Authorization: Bearer …` (any scheme): the rest of the line.
    private nonisolated(unsafe) static let authorization =
        #/(?i)(authorization\s*:\s*(?:bearer\s+|basic\s+|token\s+|aws4-hmac-sha256\s+)?)\S[^\r\n]*/#

    /// `password=…`, `token: …`, `"secret": "…"`, `api_key=…` and the like: the value.
    private nonisolated(unsafe) static let keyValue =
        #/(?i)((?:password|passwd|pwd|passphrase|secret|secret[_-]?access[_-]?key|session[_-]?token|token|api[_-]?key|access[_-]?token|private[_-]?key|client[_-]?secret|credentials?)["']?)(\s*[=:]\s*["']?)(?!\*\*\*)[^\s"',;&]+/#

    /// `x-access-token:TOKEN` outside a URL (a GitHub App's installation token as a user name).
    private nonisolated(unsafe) static let accessToken = #/(?i)(x-access-token:)(?!\*\*\*)[^\s@/"',;&]+/#

    /// GitHub tokens: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` and fine-grained `github_pat_`, also cut short.
    private nonisolated(unsafe) static let gitHubToken =
        #/\b(?:gh[pousr]_[A-Za-z0-9]{4,}|github_pat_[A-Za-z0-9_]{4,})/#

    /// A JSON Web Token: base64url header (`{"` is `eyJ`), payload and optional signature.
    private nonisolated(unsafe) static let jsonWebToken =
        #/\beyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*)?/#

    /// An access key id and, within a short gap on the same line, the 40-character secret key beside it.
    private nonisolated(unsafe) static let accessKeyPair =
        #/\b((?:AKIA|ASIA)[A-Z0-9]{16})([^A-Za-z0-9+\/\r\n]{1,40})[A-Za-z0-9+\/]{40}(?![A-Za-z0-9+\/=])/#

    private nonisolated(unsafe) static let accessKeyID = #/\b(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16}\b/#

    private nonisolated(unsafe) static let longBase64 = #/[A-Za-z0-9+\/]{100,}={0,2}/#

    private nonisolated(unsafe) static let secretKeyCandidate =
        #/(^|[^A-Za-z0-9+\/=])([A-Za-z0-9+\/]{40})(?![A-Za-z0-9+\/=])/#
}
