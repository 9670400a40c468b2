// MARK: - spec.autoUpdate

extension ManifestDecoder {
    static let autoUpdateKeys = ["source"]

    /// `spec.autoUpdate: {source: patch|minor|none}`; a missing `source` means `none`.
    mutating func decodeAutoUpdate(_ node: Node, _ path: String) -> AutoUpdate? {
        guard let reader = mapping(node, path, keys: Self.autoUpdateKeys) else { return nil }
        guard let source = reader["source"] else { return AutoUpdate() }
        return choice(source, reader.child("source"), as: SourceUpdatePolicy.self).map(AutoUpdate.init(source:))
    }
}
