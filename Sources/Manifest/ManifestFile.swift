import Foundation

/// One manifest file's path and raw bytes, from disk or from a git blob.
public struct ManifestFile: Sendable, Hashable {
    /// The path reported in diagnostics (e.g. `manifests/web.yaml`).
    public var path: String
    /// The file's bytes, exactly as stored.
    public var contents: [UInt8]
    /// Whether the file's bytes were left unread because its size alone was over the limit.
    public private(set) var isUnreadTooLarge = false

    /// Creates a manifest file.
    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    /// A file read with a size limit (e.g. a git blob whose header gives its size): `bytes` are its contents, or
    /// `nil` when they were not read because the file is larger than a manifest may be; loading such a file
    /// reports it as too large.
    public init(path: String, limitedBytes bytes: Data?) {
        self.init(path: path, contents: bytes.map { Array($0) } ?? [])
        isUnreadTooLarge = bytes == nil
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
