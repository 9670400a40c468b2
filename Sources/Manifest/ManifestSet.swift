/// Every manifest of a repository (or directory), after loading and validation.
public struct ManifestSet: Sendable, Equatable {
    /// Valid images in dependency order: a base before the images built on it, then by name.
    public var images: [ImageManifest]
    /// Names of images whose manifest is invalid (as written), or that depend on such an image.
    ///
    /// Never prune, bake or roll out for these: the desired state of such an image is unknown.
    public var invalidNames: Set<String>
    /// Paths of files that did not yield a valid image.
    public var invalidFiles: Set<String>
    /// Every manifest path that was read, sorted.
    public var files: [String]
    /// Every finding, sorted by file, line and column (notes follow the finding they explain).
    public var diagnostics: [Diagnostic]

    /// Whether every manifest is valid: no error at all (warnings allowed).
    public var isComplete: Bool { errorCount == 0 }

    /// The number of error diagnostics.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// The number of warning diagnostics.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// The valid image called `name`.
    public func image(named name: String) -> ImageManifest? {
        images.first { $0.name == name }
    }
}
