// MARK: - Document, metadata, spec

extension ManifestDecoder {
    static let rootKeys = ["apiVersion", "kind", "metadata", "spec"]
    static let metadataKeys = ["name", "description"]
    static let specKeys = [
        "version", "retired", "source", "build", "provision", "test", "cleanup", "distribute", "tags", "rollout",
        "retention", "autoUpdate",
    ]

    /// Decodes the whole document; `nil` when any error was reported.
    mutating func decodeManifest() -> ImageManifest? {
        let root = document.root
        guard case .mapping = root else {
            error(root, "a manifest must be a YAML mapping, found \(NodeKind(root).phrase)")
            return nil
        }
        guard let top = mapping(root, "", keys: Self.rootKeys) else { return nil }
        if let node = require(top, "apiVersion") { exact(node, "apiVersion", "kiln/v1") }
        if let node = require(top, "kind") { exact(node, "kind", "Image") }
        let metadata = require(top, "metadata").flatMap { decodeMetadata($0) }
        let spec = require(top, "spec").flatMap { decodeSpec($0, imageName: rawName?.name) }
        guard !hasErrors, let metadata, let spec else { return nil }
        return ImageManifest(
            name: metadata.name, description: metadata.description, file: file, location: location(root),
            nameLocation: metadata.location, spec: spec)
    }

    private mutating func exact(_ node: Node, _ path: String, _ expected: String) {
        guard let value = string(node, path), value != expected else { return }
        error(node, "'\(path)' must be '\(expected)', found \(MessageText.quoted(value))")
    }

    private mutating func decodeMetadata(
        _ node: Node
    ) -> (name: String, description: String?, location: SourceLocation)? {
        guard let metadata = mapping(node, "metadata", keys: Self.metadataKeys) else { return nil }
        let description = metadata["description"].flatMap { string($0, "metadata.description") }
        guard let nameNode = require(metadata, "name"), let name = string(nameNode, "metadata.name") else {
            return nil
        }
        rawName = (name, location(nameNode))
        guard Rule.imageName.test(name) else {
            error(nameNode, Rule.imageName.message("metadata.name", name))
            return nil
        }
        return (name, description, location(nameNode))
    }

    private mutating func decodeSpec(_ node: Node, imageName: String?) -> ImageSpec? {
        guard let spec = mapping(node, "spec", keys: Self.specKeys) else { return nil }
        let versionNode = require(spec, "version")
        let version = versionNode.flatMap { self.version($0, "spec.version") }
        let retired = spec["retired"].flatMap { boolean($0, "spec.retired") } ?? false
        let build = require(spec, "build").flatMap { decodeBuild($0, "spec.build") }
        let region = build?.region
        let source = require(spec, "source").flatMap {
            decodeSource($0, "spec.source", buildRegion: region, imageName: imageName)
        }
        let provision = require(spec, "provision").flatMap { decodeSteps($0, "spec.provision", nonEmpty: true) }
        let test = spec["test"].flatMap { decodeSteps($0, "spec.test", nonEmpty: false) } ?? []
        let cleanup = spec["cleanup"].flatMap { decodeCleanup($0, "spec.cleanup") } ?? Cleanup()
        let distribute =
            spec["distribute"].flatMap { decodeDistribution($0, "spec.distribute", buildRegion: region) }
            ?? Distribution()
        let tags = spec["tags"].flatMap { decodeTags($0, "spec.tags") } ?? [:]
        let rollout =
            spec["rollout"].flatMap {
                decodeRollout(
                    $0, "spec.rollout", buildRegion: region, distributeRegions: distribute.regions,
                    copies: distribute.copyTo)
            } ?? RolloutTargets()
        let retention = spec["retention"].flatMap { decodeRetention($0, "spec.retention") } ?? Retention()
        let autoUpdate = spec["autoUpdate"].flatMap { decodeAutoUpdate($0, "spec.autoUpdate") } ?? AutoUpdate()
        guard let versionNode, let version, let source, let build, let provision else { return nil }
        return ImageSpec(
            version: version, versionLocation: location(versionNode), retired: retired, source: source.source,
            sourceLocation: source.location, build: build, provision: provision, test: test, cleanup: cleanup,
            distribute: distribute, tags: tags, rollout: rollout, retention: retention, autoUpdate: autoUpdate)
    }
}
