// MARK: - spec.source

extension ManifestDecoder {
    static let sourceKeys = ["ami", "filter", "image"]
    static let filterKeys = ["name", "owners", "architecture"]

    mutating func decodeSource(
        _ node: Node, _ path: String, buildRegion: String?, imageName: String?
    ) -> (source: ImageSource, location: SourceLocation)? {
        guard let reader = mapping(node, path, keys: Self.sourceKeys) else { return nil }
        guard let chosen = reader.entries.first else {
            error(node, "'\(path)' must have exactly one of 'ami', 'filter' or 'image'")
            return nil
        }
        for extra in reader.entries.dropFirst() {
            error(
                extra.keyNode,
                "'\(path)' has both '\(chosen.key)' and '\(extra.key)'; exactly one of 'ami', 'filter' or 'image' "
                    + "is allowed")
        }
        let childPath = reader.child(chosen.key)
        let value = chosen.value
        let source: ImageSource?
        switch chosen.key {
        case "ami":
            source = decodeAMI(value, childPath, buildRegion: buildRegion).map(ImageSource.ami)
        case "filter":
            source = decodeFilter(value, childPath).map(ImageSource.filter)
        default:
            source = decodeBaseImage(value, childPath, imageName: imageName).map(ImageSource.image)
        }
        return source.map { ($0, location(value)) }
    }

    private mutating func decodeAMI(_ node: Node, _ path: String, buildRegion: String?) -> AMIReference? {
        switch node {
        case .scalar:
            return string(node, path, rule: .amiID).map(AMIReference.single)
        case .mapping:
            guard let reader = mapping(node, path, keys: nil) else { return nil }
            var ids: [String: String] = [:]
            for entry in reader.entries {
                guard NodeKind(entry.keyNode) == .string, Rule.region.test(entry.key) else {
                    error(entry.keyNode, Rule.region.message(path, entry.key))
                    continue
                }
                ids[entry.key] = string(entry.value, reader.child(entry.key), rule: .amiID)
            }
            if let buildRegion, reader[buildRegion] == nil {
                error(node, "'\(path)' has no AMI id for the build region '\(buildRegion)'")
            }
            return .byRegion(ids)
        default:
            typeError(node, path, expected: "an AMI id or a mapping of region to AMI id")
            return nil
        }
    }

    private mutating func decodeFilter(_ node: Node, _ path: String) -> ImageFilter? {
        guard let reader = mapping(node, path, keys: Self.filterKeys) else { return nil }
        let name = require(reader, "name").flatMap { nonEmptyString($0, reader.child("name")) }
        let owners = require(reader, "owners").flatMap { node -> [String]? in
            let ownersPath = reader.child("owners")
            let owners = strings(node, ownersPath, rule: .owner, unique: false, hint: Self.accountHint)
            if case .sequence(let sequence) = node, sequence.isEmpty {
                error(node, "'\(ownersPath)' must not be empty")
                return nil
            }
            return owners
        }
        let architecture =
            reader["architecture"].flatMap { choice($0, reader.child("architecture"), as: Architecture.self) }
            ?? .x86_64
        guard let name, let owners else { return nil }
        return ImageFilter(name: name, owners: owners, architecture: architecture)
    }

    private mutating func decodeBaseImage(_ node: Node, _ path: String, imageName: String?) -> String? {
        guard let base = string(node, path, rule: .imageName) else { return nil }
        guard base != imageName else {
            error(node, "'\(path)': image '\(base)' cannot be built on itself")
            return nil
        }
        return base
    }

    static let accountHint = "quote account ids, e.g. \"210987654321\""
}
