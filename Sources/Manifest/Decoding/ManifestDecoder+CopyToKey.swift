// MARK: - spec.distribute.copyTo[].kmsKey

extension ManifestDecoder {
    /// `kmsKey` of a `copyTo` entry: one key for every region (`alias/NAME`, or a multi-Region `mrk-` key, which
    /// every region resolves; a key id or ARN only when the entry has one region, an ARN in that region), or a
    /// mapping region → key covering each of the entry's regions (an ARN in its region). Returns region → key.
    mutating func decodeCopyKey(_ node: Node, _ path: String, regions: [String]) -> [String: String]? {
        if case .mapping = node {
            guard let entries = mapping(node, path, keys: regions) else { return nil }
            var keys: [String: String] = [:]
            for region in regions {
                guard let keyNode = entries[region] else {
                    error(node, "'\(path)': no key for \(region): give one for each region of the entry")
                    continue
                }
                let keyPath = entries.child(region)
                guard let key = string(keyNode, keyPath, rule: .kmsKey), regionAgrees(key, region, keyNode, keyPath)
                else { continue }
                keys[region] = key
            }
            return keys.count == regions.count ? keys : nil
        }
        guard let key = string(node, path, rule: .kmsKey) else { return nil }
        let everywhere = key.hasPrefix("alias/") || key.hasPrefix("mrk-")
        guard everywhere || regions.count == 1 else {
            error(
                node,
                "'\(path)': \(MessageText.quoted(key)) is a key of one region (KMS keys are regional): use alias/NAME "
                    + "or a mapping of each region to its key")
            return nil
        }
        if let region = regions.first, !everywhere, !regionAgrees(key, region, node, path) { return nil }
        return Dictionary(uniqueKeysWithValues: regions.map { ($0, key) })
    }

    /// Whether a key ARN's region is `region` (a key id or alias has none to disagree); reports it when not.
    private mutating func regionAgrees(_ key: String, _ region: String, _ node: Node, _ path: String) -> Bool {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard key.hasPrefix("arn:"), parts.count > 3, parts[3] != region else { return true }
        error(node, "'\(path)': the key \(MessageText.quoted(key)) is in \(parts[3]), not \(region)")
        return false
    }
}
