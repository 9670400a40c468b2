/// A path inside a git tree: relative, `/`-separated, no empty, `.`, `..` or `.git` components.
struct TreePath: Hashable, Comparable {
    /// The components, e.g. `["status", "web.yaml"]`; empty for the root.
    let components: [String]

    /// Parses `path`; `""`, `"."` and `"/"` mean the root. Leading `./` and trailing `/` are ignored.
    init(_ path: String) throws(GitError) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "." { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        if parts == [""] { parts = [] }
        for part in parts where !Self.isValid(part) {
            throw GitError(.invalidArgument, operation: "parse tree path", message: "invalid path '\(path)'")
        }
        components = parts
    }

    private init(components: [String]) { self.components = components }

    var isRoot: Bool { components.isEmpty }

    /// The path as git prints it; empty for the root.
    var string: String { components.joined(separator: "/") }

    /// This path followed by a relative path.
    func appending(_ relative: String) throws(GitError) -> TreePath {
        TreePath(components: components + (try TreePath(relative)).components)
    }

    /// Whether `other` is this path or lies below it.
    func contains(_ other: TreePath) -> Bool {
        other.components.starts(with: components)
    }

    static func < (lhs: TreePath, rhs: TreePath) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    private static func isValid(_ part: String) -> Bool {
        !part.isEmpty && part != "." && part != ".." && part.lowercased() != ".git" && !part.contains("\0")
    }
}
