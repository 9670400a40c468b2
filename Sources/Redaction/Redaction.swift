import Foundation
import Synchronization

// MARK: - One redactor for every output

/// Removes secrets from text before it reaches any output: logs, errors, plans, status files, progress lines.
///
/// Pure and idempotent (`redact(redact(x)) == redact(x)`); everything it removes becomes `***`:
/// - the secrets Kiln itself read from files (tokens, passphrases, webhook secrets), once ``remember(secret:)``d;
/// - private-key blocks, also when their `-----BEGIN … PRIVATE KEY-----` line was cut off;
/// - `Authorization:` header values; values after `password=`, `token:`, `secret=`, `api_key=` and the like;
/// - the user-info of http(s) URLs (`https://TOKEN@host`, `https://user:TOKEN@host`), passwords in other URLs,
///   and `x-access-token:…`;
/// - GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`) and JSON Web Tokens (`eyJ….….…`);
/// - AWS access key ids (`AKIA…`, `ASIA…`), the secret access key next to one, and 40-character mixed-case
///   base64 words (secret keys) anywhere; base64 runs of 100 characters or more (session tokens).
///
/// Text is redacted before it is truncated: a secret cut in half no longer looks like one
/// (see ``tail(_:maxLines:maxCharacters:)``).
public enum Redaction {
    /// What every secret is replaced with.
    public static let mask = "***"

    /// The text with everything that looks secret replaced by `***`.
    public static func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var text = scrub(text, secrets: rememberedSecrets)
        text = redactPrivateKeys(in: text)
        text = redactURLs(in: text)
        return redactPatterns(in: text)
    }

    // MARK: - Secrets read from files

    private static let remembered = Mutex<Set<String>>([])

    /// Remembers a secret Kiln read (a token, a passphrase, a webhook secret) so that no output carries it, in
    /// whatever context it shows up. Process-wide; blanks and very short values are ignored.
    public static func remember(secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= minimumSecretLength else { return }
        remembered.withLock { _ = $0.insert(trimmed) }
    }

    /// The secrets remembered so far.
    static var rememberedSecrets: [String] {
        remembered.withLock { Array($0) }
    }
}
