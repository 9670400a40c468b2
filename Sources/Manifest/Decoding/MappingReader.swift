/// The entries of one YAML mapping, by key text, after unknown, duplicate and shadowed keys were reported.
struct MappingReader {
    /// The mapping's path, e.g. `spec.build` (empty for the document root).
    let path: String
    /// The mapping node.
    let node: Node
    /// Entries in document order.
    private(set) var entries: [(key: String, keyNode: Node, value: Node)] = []

    init(path: String, node: Node) {
        self.path = path
        self.node = node
    }

    mutating func append(key: String, keyNode: Node, value: Node) {
        entries.append((key, keyNode, value))
    }

    /// The value of `key`, if present.
    subscript(key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// The path of a child key, e.g. `spec.build` + `region` → `spec.build.region`.
    func child(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// Paths and text shown in messages.
enum MessageText {
    /// The path of element `index` of the list at `path`.
    static func element(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    /// A value quoted for a message: single-line, at most 64 characters.
    static func quoted(_ value: String) -> String {
        var text = value.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
        if text.count > 64 { text = String(text.prefix(61)) + "..." }
        return "'\(text)'"
    }

    /// The closest allowed key to an unknown one (case-insensitive equal or edit distance <= 2).
    static func suggestion(for key: String, among allowed: [String]) -> String? {
        let lower = key.lowercased()
        if let same = allowed.first(where: { $0.lowercased() == lower }) { return same }
        let scored = allowed.map { ($0, distance(lower, $0.lowercased())) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
