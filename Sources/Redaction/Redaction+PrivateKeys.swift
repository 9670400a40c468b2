// MARK: - Private keys, whole or cut

extension Redaction {
    /// Replaces every private-key block: from `-----BEGIN … PRIVATE KEY-----` to its `-----END …-----` line (or to
    /// the end of the text when that was cut off), and, before an `-----END … PRIVATE KEY-----` line whose BEGIN
    /// line was cut off, the run of base64 lines that precedes it (the key's body).
    static func redactPrivateKeys(in text: String) -> String {
        guard text.contains("PRIVATE KEY") else { return text }
        var output = ""
        var rest = Substring(text)
        while let marker = rest.firstMatch(of: keyMarker) {
            var before = rest[..<marker.range.lowerBound]
            if marker.output.1 == "BEGIN" {
                output += before + marker.output.0 + mask
                let afterBegin = rest[marker.range.upperBound...]
                guard let end = afterBegin.firstMatch(of: endMarker) else { return output }
                output += end.output
                rest = afterBegin[end.range.upperBound...]
            } else {
                before = withoutTrailingBase64Lines(before)
                output += before + (before.hasSuffix(mask) ? "" : mask) + marker.output.0
                rest = rest[marker.range.upperBound...]
            }
        }
        return output + rest
    }

    /// `text` without the base64 lines (and the partial line a cut left) that end it, up to the newline before
    /// the END marker.
    private static func withoutTrailingBase64Lines(_ text: Substring) -> Substring {
        var end = text.endIndex
        var cutAny = false
        while end > text.startIndex {
            // "\r\n" is one Character: every newline character ends a line.
            let lineEnd = text[..<end].last?.isNewline == true ? text.index(before: end) : end
            let lineStart = text[..<lineEnd].lastIndex { $0.isNewline }.map { text.index(after: $0) } ?? text.startIndex
            let line = text[lineStart..<lineEnd].trimmingSuffix { $0 == " " || $0 == "\t" }
            guard !line.isEmpty, line.allSatisfy(isBase64) else { break }
            end = lineStart
            cutAny = true
        }
        return cutAny ? text[..<end] : text
    }

    private static func isBase64(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "+/=".contains(character))
    }

    private nonisolated(unsafe) static let keyMarker = #/-----(BEGIN|END) [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/#

    private nonisolated(unsafe) static let endMarker = #/-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/#
}

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
