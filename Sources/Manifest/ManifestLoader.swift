/// Loads manifests: decoding, per-file validation and repository-wide rules, collecting every finding.
public enum ManifestLoader {
    /// The largest manifest file accepted (1 MiB); larger files are rejected before parsing.
    public static let maxManifestBytes = YAMLDocument.maxBytes

    /// Loads `files` (pure: no I/O). Files are considered in path order (a repeated path counts once); one bad
    /// file never hides the others. Files are decoded in parallel on all cores.
    public static func load(files: [ManifestFile]) -> ManifestSet {
        var seen: Set<String> = []
        let sorted = files.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
        return assemble(ParallelMap.map(sorted) { decode($0) })
    }

    /// The set from per-file outcomes, unique by path and sorted by it: runs the rules across files.
    static func assemble(_ outcomes: [FileOutcome]) -> ManifestSet {
        var validation = RepositoryValidation(outcomes: outcomes)
        validation.run()
        return ManifestSet(
            images: validation.orderedImages(), invalidNames: validation.invalidNames,
            invalidFiles: validation.invalidFiles, files: outcomes.map(\.path),
            diagnostics: Diagnostic.sorted(outcomes.flatMap(\.diagnostics) + validation.diagnostics))
    }

    /// Decodes and validates one file on its own.
    static func decode(_ file: ManifestFile) -> FileOutcome {
        var diagnostics: [Diagnostic] = []
        guard let document = YAMLDocument.read(file, diagnostics: &diagnostics) else {
            return FileOutcome(path: file.path, manifest: nil, rawName: nil, diagnostics: diagnostics)
        }
        var decoder = ManifestDecoder(file: file.path, document: document)
        decoder.diagnostics = diagnostics
        var manifest = decoder.decodeManifest()
        manifest?.valuePositions = ValuePositions(root: document.root, file: file.path)
        let valid = !decoder.hasErrors
        return FileOutcome(
            path: file.path, manifest: valid ? manifest : nil, rawName: decoder.rawName,
            diagnostics: decoder.diagnostics)
    }
}

/// One file's result before repository-wide rules.
struct FileOutcome: Sendable {
    var path: String
    var manifest: ImageManifest?
    var rawName: (name: String, location: SourceLocation)?
    var diagnostics: [Diagnostic]
}
