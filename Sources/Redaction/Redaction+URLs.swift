// MARK: - Credentials in URLs, and secrets known by value

extension Redaction {
    /// Replaces the user-info of every `scheme://user-info@host` URL in `text`.
    ///
    /// For http(s) the whole user-info goes (a token may stand in the user name); elsewhere a user name alone is
    /// kept and anything after its `:` goes.
    public static func redactURLs(in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            let scheme = rest[..<separator.lowerBound].reversed().prefix { $0.isLetter || $0 == "+" || $0 == "-" }
            output += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authorityEnd = rest.firstIndex { "/ \t\n\"'<>".contains($0) } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            guard let at = authority.lastIndex(of: "@") else { continue }
            let userInfo = authority[..<at]
            let isHTTP = String(scheme.reversed()).lowercased().hasPrefix("http")
            if isHTTP || userInfo.contains(":") {
                let user = isHTTP ? "" : String(userInfo.prefix { $0 != ":" }) + ":"
                output += user + mask
                rest = rest[at...]
            }
        }
        return output + rest
    }

    /// Replaces every occurrence of each secret (ignoring blanks and very short ones) with `***`.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.filter { $0.count >= minimumSecretLength }.sorted { $0.count > $1.count }.reduce(text) {
            $0.replacing($1, with: mask)
        }
    }

    /// Secrets shorter than this are not scrubbed by value (they would mask ordinary words).
    static let minimumSecretLength = 4
}
