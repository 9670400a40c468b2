// MARK: - Loading in two stages: per file, then across files

/// One manifest file decoded and validated on its own, before the rules that span files (unique names,
/// `source.image` references, cycles, layering regions).
///
/// It depends only on the file's path and bytes, so a caller may keep it for as long as both are unchanged (e.g.
/// per git blob id) and pass it again to ``ManifestLoader/load(decoded:)``.
public struct DecodedManifest: Sendable {
    let outcome: FileOutcome

    /// The path the file was decoded under (diagnostics and `ImageManifest.file` name it).
    public var path: String { outcome.path }

    /// Whether the file is valid on its own (the rules across files may still reject it).
    public var isValid: Bool { outcome.manifest != nil }

    /// The manifest when the file is valid on its own (the rules across files may still reject it).
    public var manifest: ImageManifest? { outcome.manifest }

    /// The findings about this file alone.
    public var diagnostics: [Diagnostic] { outcome.diagnostics }
}

extension ManifestLoader {
    /// Decodes and validates one file on its own (pure); combine the results with ``load(decoded:)``.
    public static func decode(file: ManifestFile) -> DecodedManifest {
        DecodedManifest(outcome: decode(file))
    }

    /// Decodes and validates each file on its own, in parallel on all cores; results keep the order of `files`.
    public static func decode(files: [ManifestFile]) -> [DecodedManifest] {
        ParallelMap.map(files) { DecodedManifest(outcome: decode($0)) }
    }

    /// Applies the rules across files to decoded files and builds the set: the same result as
    /// ``load(files:)`` on the files they were decoded from.
    public static func load(decoded: [DecodedManifest]) -> ManifestSet {
        var seen: Set<String> = []
        let sorted = decoded.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
        return assemble(sorted.map(\.outcome))
    }
}
