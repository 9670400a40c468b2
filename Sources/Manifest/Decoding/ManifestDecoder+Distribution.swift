// MARK: - spec.distribute, spec.tags, spec.retention

extension ManifestDecoder {
    static let distributeKeys = ["regions", "accounts", "copyTo"]
    static let retentionKeys = ["keep", "minAge", "pinned", "deprecateAfter", "disableAfter", "deleteAfter"]
    static let maxTags = 40
    static let reservedTagPrefixes = ["kiln:", "aws:"]

    mutating func decodeDistribution(_ node: Node, _ path: String, buildRegion: String?) -> Distribution? {
        guard let distribute = mapping(node, path, keys: Self.distributeKeys) else { return nil }
        let regions =
            distribute["regions"].flatMap {
                strings($0, distribute.child("regions"), rule: .region) { region in
                    region == buildRegion
                        ? "'\(region)' is the build region; list only the regions to copy the image to" : nil
                }
            } ?? []
        let accounts =
            distribute["accounts"].flatMap {
                strings($0, distribute.child("accounts"), rule: .accountID, hint: Self.accountHint)
            } ?? []
        let copyTo = distribute["copyTo"].map { decodeCopyTo($0, distribute.child("copyTo")) } ?? []
        return Distribution(regions: regions, accounts: accounts, copyTo: copyTo)
    }

    mutating func decodeTags(_ node: Node, _ path: String) -> [String: String]? {
        guard let reader = mapping(node, path, keys: nil) else { return nil }
        if reader.entries.count > Self.maxTags {
            error(node, "'\(path)' has \(reader.entries.count) tags (at most \(Self.maxTags))")
        }
        var tags: [String: String] = [:]
        for entry in reader.entries {
            let key = entry.key
            guard NodeKind(entry.keyNode) == .string else {
                let found = NodeKind(entry.keyNode).phrase
                error(entry.keyNode, "'\(path)': tag key \(MessageText.quoted(key)) must be a string, found \(found)")
                continue
            }
            if key.isEmpty || key.count > 128 {
                error(entry.keyNode, "'\(path)': tag key \(MessageText.quoted(key)) must have 1 to 128 characters")
            } else if let prefix = Self.reservedTagPrefixes.first(where: { key.lowercased().hasPrefix($0) }) {
                error(
                    entry.keyNode, "'\(path)': tag key \(MessageText.quoted(key)) uses the reserved prefix '\(prefix)'")
            }
            guard let value = string(entry.value, reader.child(key)) else { continue }
            if value.count > 256 {
                error(entry.value, "'\(reader.child(key))': tag value must have at most 256 characters")
            }
            tags[key] = value
        }
        return tags
    }

    mutating func decodeRetention(_ node: Node, _ path: String) -> Retention? {
        guard let retention = mapping(node, path, keys: Self.retentionKeys) else { return nil }
        let keep = retention["keep"].flatMap { integer($0, retention.child("keep"), in: 1...100) } ?? 3
        let minAge =
            retention["minAge"].flatMap { duration($0, retention.child("minAge"), allowingZero: true) } ?? .days(7)
        let deprecateAfter = retention["deprecateAfter"].flatMap { duration($0, retention.child("deprecateAfter")) }
        let disableAfter = retention["disableAfter"].flatMap { duration($0, retention.child("disableAfter")) }
        let deleteAfter = retention["deleteAfter"].flatMap { duration($0, retention.child("deleteAfter")) }
        var pinned: [SemanticVersion] = []
        if let pinnedNode = retention["pinned"], let elements = list(pinnedNode, retention.child("pinned")) {
            for (elementPath, element) in elements {
                guard let version = self.version(element, elementPath) else { continue }
                if let same = pinned.first(where: { $0 == version }) {
                    let detail =
                        same.description == version.description
                        ? "" : " (same as '\(same)': build metadata is ignored)"
                    error(element, "'\(elementPath)': duplicate version '\(version)'" + detail)
                    continue
                }
                pinned.append(version)
            }
        }
        return Retention(
            keep: keep, minAge: minAge, pinned: pinned, deprecateAfter: deprecateAfter, disableAfter: disableAfter,
            deleteAfter: deleteAfter)
    }
}
