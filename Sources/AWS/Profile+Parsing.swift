/// Parses the shared config and credentials files as the AWS SDKs do.
///
/// - A line whose first non-blank character is `#` or `;` is a comment; after a value, `#`/`;` start a
///   comment only when preceded by whitespace (so `key = a#b` keeps `a#b`); in a section header, anything
///   after `]` is ignored.
/// - `[profile name]` (and `[default]`) in the config file, `[name]` in the credentials file, where a
///   `[profile name]` section is ignored; `[profile default]` wins over `[default]` in the config file.
/// - Indented lines continue the previous value; under an empty value they are sub-properties.
/// - Property names are case-insensitive; sections with the same name merge, later values win.
///
/// Errors name the file and line, never the line's text (which may hold a secret).
enum ProfileParser {
    enum Kind { case config, credentials }

    struct Parsed {
        var profiles: [String: Profile] = [:]
        var sections: [String: [String: String]] = [:]
    }

    private static let whitespace: Set<Character> = [" ", "\t"]

    static func parse(_ text: String, kind: Kind, path: String) throws -> Parsed {
        var raw: [(header: String, properties: [String: String])] = []
        var lastKey: String?
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine)
            let trimmed = line.trimming(whitespace)
            if trimmed.isEmpty || trimmed.first == "#" || trimmed.first == ";" { continue }
            let fail = { (why: String) in ConfigurationError.malformedFile(path: path, line: index + 1, why) }
            if line.first == "[" {
                let header = stripComment(trimmed, needsWhitespace: false)
                guard header.hasSuffix("]"), header.count >= 2 else { throw fail("a section header must end with ']'") }
                raw.append((String(header.dropFirst().dropLast()).trimming(whitespace), [:]))
                lastKey = nil
            } else if let first = line.first, whitespace.contains(first) {
                guard !raw.isEmpty, let key = lastKey else { throw fail("a continuation line must follow a property") }
                let previous = raw[raw.count - 1].properties[key] ?? ""
                raw[raw.count - 1].properties[key] = previous + "\n" + stripComment(trimmed, needsWhitespace: true)
            } else {
                guard !raw.isEmpty else { throw fail("a property must be inside a [section]") }
                let content = stripComment(trimmed, needsWhitespace: true)
                guard let equals = content.firstIndex(of: "=") else { throw fail("expected 'name = value'") }
                let key = content[..<equals].trimming(whitespace).lowercased()
                guard !key.isEmpty else { throw fail("a property needs a name before '='") }
                raw[raw.count - 1].properties[key] = content[content.index(after: equals)...].trimming(whitespace)
                lastKey = key
            }
        }
        return normalize(raw, kind: kind)
    }

    /// Applies the section naming rules and merges repeated sections.
    private static func normalize(_ raw: [(header: String, properties: [String: String])], kind: Kind) -> Parsed {
        var parsed = Parsed()
        let hasPrefixedDefault = kind == .config && raw.contains { sectionName($0.header) == ("profile", "default") }
        for (header, properties) in raw {
            let (prefix, name) = sectionName(header)
            guard isIdentifier(name) else { continue }
            let profileName: String?
            switch (kind, prefix) {
            case (.credentials, nil): profileName = name
            case (.config, "profile"): profileName = name
            case (.config, nil): profileName = name == "default" && !hasPrefixedDefault ? name : nil
            case (.config, let prefix?):
                parsed.sections["\(prefix) \(name)", default: [:]].merge(properties) { _, new in new }
                continue
            case (.credentials, _): profileName = nil
            }
            guard let profileName else { continue }
            parsed.profiles[profileName, default: Profile(name: profileName)].properties
                .merge(properties) { _, new in new }
        }
        return parsed
    }

    /// `profile  name` → (`profile`, `name`); `name` → (nil, `name`).
    private static func sectionName(_ header: String) -> (prefix: String?, name: String) {
        guard let space = header.firstIndex(where: { whitespace.contains($0) }) else { return (nil, header) }
        return (String(header[..<space]), header[space...].trimming(whitespace))
    }

    /// Profile and property names: `[A-Za-z0-9_\-/.%@:+]+`.
    private static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "_-/.%@:+".unicodeScalars.contains(scalar))
            }
    }

    /// Drops a trailing comment; in values a comment must follow whitespace.
    private static func stripComment(_ line: String, needsWhitespace: Bool) -> String {
        var previousIsSpace = false
        for index in line.indices {
            let character = line[index]
            if (character == "#" || character == ";") && (previousIsSpace || !needsWhitespace) {
                return line[..<index].trimming(whitespace)
            }
            previousIsSpace = whitespace.contains(character)
        }
        return line
    }

    /// Parses the indented `key = value` lines of a property with sub-properties.
    static func subProperties(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in value.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimming(whitespace).lowercased()
            guard !key.isEmpty else { continue }
            result[key] = line[line.index(after: equals)...].trimming(whitespace)
        }
        return result
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimming(_ set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }),
            let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
