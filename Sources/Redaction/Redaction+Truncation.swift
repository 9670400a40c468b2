// MARK: - Redact, then truncate

extension Redaction {
    /// The last `maxLines` lines and at most `maxCharacters` characters of `text`, redacted first: a secret that
    /// the cut would halve is already gone.
    public static func tail(_ text: String, maxLines: Int = 40, maxCharacters: Int = 4000) -> String {
        let redacted = redact(text)
        var lines = redacted.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        var kept = lines.suffix(max(0, maxLines)).joined(separator: "\n")
        if kept.count > maxCharacters { kept = String(kept.suffix(max(0, maxCharacters))) }
        return kept
    }

    /// The last `characters` characters of `text`, redacted first.
    public static func suffix(_ text: String, characters: Int) -> String {
        String(redact(text).suffix(max(0, characters)))
    }

    /// The first `characters` characters of `text`, redacted first.
    public static func prefix(_ text: String, characters: Int) -> String {
        String(redact(text).prefix(max(0, characters)))
    }
}
