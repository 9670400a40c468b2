/// Reads one YAML document into an ``ImageManifest``, reporting every problem it finds with its position.
///
/// Decoding never stops at the first error: each section reads everything it can. Optional fields that
/// are wrong fall back to their defaults (the file is invalid anyway); a missing or wrong required field
/// makes its section `nil`. The file yields a manifest only when no error was reported.
struct ManifestDecoder {
    /// The most scalar text a document may expand to through aliases.
    static let maxExpandedBytes = 4 << 20

    let file: String
    let document: YAMLDocument
    var diagnostics: [Diagnostic] = []
    /// `metadata.name` as written (even when invalid), for cross-file checks.
    var rawName: (name: String, location: SourceLocation)?
    /// Step names seen so far (provision, test and cleanup share one namespace).
    var stepNames: [String: SourceLocation] = [:]
    private var remainingBytes = ManifestDecoder.maxExpandedBytes
    private var reportedExpansion = false

    init(file: String, document: YAMLDocument) {
        self.file = file
        self.document = document
    }

    /// Whether an error was reported.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: - Reporting

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, mark: node.mark)
    }

    mutating func error(_ node: Node, _ message: String) {
        diagnostics.append(Diagnostic(.error, at: location(node), message))
    }

    mutating func note(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(.note, at: location, message))
    }

    mutating func typeError(_ node: Node, _ path: String, expected: String, hint: String? = nil) {
        let found = NodeKind(node).phrase
        error(node, "'\(path)': expected \(expected), found \(found)" + (hint.map { " (\($0))" } ?? ""))
    }

    /// Charges scalar text against the alias-expansion budget; `false` once it is exhausted.
    mutating func charge(_ node: Node, bytes: Int) -> Bool {
        remainingBytes -= bytes
        guard remainingBytes < 0 else { return true }
        if !reportedExpansion {
            reportedExpansion = true
            error(node, "document expands to more than \(Self.maxExpandedBytes) bytes of text through aliases")
        }
        return false
    }

    // MARK: - Mappings

    /// Reads a mapping whose keys must be among `keys` (any string key when `keys` is `nil`).
    mutating func mapping(_ node: Node, _ path: String, keys: [String]?) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            typeError(node, path, expected: "a mapping")
            return nil
        }
        var reader = MappingReader(path: path, node: node)
        var seen = SeenKeys()
        for (keyNode, value) in mapping {
            if !document.shadowedKeys.isEmpty, document.shadowedKeys.contains(Position(keyNode.mark)) { continue }
            guard case .scalar(let scalar) = keyNode else {
                let owner = path.isEmpty ? "document" : path
                error(keyNode, "'\(owner)': a key must be a scalar, found \(NodeKind(keyNode).phrase)")
                continue
            }
            let key = scalar.string
            if let first = seen[key] {
                error(keyNode, "duplicate key '\(key)'")
                note(location(first), "previous occurrence of '\(key)' is here")
                continue
            }
            seen.insert(key, keyNode)
            if let keys, !keys.contains(key) {
                var message = "unknown key '\(key)'" + (path.isEmpty ? "" : " in '\(path)'")
                if let suggestion = MessageText.suggestion(for: key, among: keys) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                error(keyNode, message)
                continue
            }
            reader.append(key: key, keyNode: keyNode, value: value)
        }
        return reader
    }

    /// The value of a required key; reports the mapping when it is missing.
    mutating func require(_ reader: MappingReader, _ key: String) -> Node? {
        if let value = reader[key] { return value }
        error(reader.node, "missing required key '\(key)'" + (reader.path.isEmpty ? "" : " in '\(reader.path)'"))
        return nil
    }
}

/// The keys of one mapping seen so far: compared one by one while there are few (a manifest's mappings have a
/// handful of keys, and hashing each was a measurable part of decoding), hashed beyond that.
private struct SeenKeys {
    private static let linearLimit = 16
    private var few: [(key: String, node: Node)] = []
    private var many: [String: Node] = [:]

    subscript(key: String) -> Node? {
        many.isEmpty ? few.first { $0.key == key }?.node : many[key]
    }

    mutating func insert(_ key: String, _ node: Node) {
        guard many.isEmpty, few.count < Self.linearLimit else {
            if many.isEmpty {
                for (key, node) in few { many[key] = node }
            }
            many[key] = node
            return
        }
        few.append((key, node))
    }
}
