/// One manifest file's path and raw bytes, from disk or from a git blob.
public struct ManifestFile: Sendable, Hashable {
    /// The path reported in diagnostics (e.g. `manifests/web.yaml`).
    public var path: String
    /// The file's bytes, exactly as stored.
    public var contents: [UInt8]

    /// Creates a manifest file.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    /// Creates a manifest file from text (UTF-8).
    public init(path: String, text: String) {
        self.init(path: path, contents: Array(text.utf8))
    }

    /// Whether a path names a manifest: it ends in `.yaml` or `.yml` and no component is hidden (`.x`).
    ///
    /// Directory readers (disk or git tree) use this to pick manifests; everything else is ignored.
    public static func isManifestPath(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return !path.split(separator: "/").contains { $0.hasPrefix(".") && $0 != "." && $0 != ".." }
    }
}
