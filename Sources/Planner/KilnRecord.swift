import Foundation

// MARK: - Lists recorded in tags

/// A set of short names (tag keys, account ids) recorded in `kiln:` tags: sorted, comma-separated, split over
/// `key`, `key.2`, `key.3`, … so that no value passes EC2's 256-character limit.
public enum KilnRecord {
    /// The longest tag value EC2 accepts.
    public static let valueLimit = 256

    /// The tags that record `values` under `key` (at least `key` itself, empty when `values` is).
    public static func tags(_ values: Set<String>, key: String) -> [String: String] {
        var chunks: [String] = [""]
        for value in values.sorted() where !value.isEmpty {
            let last = chunks[chunks.count - 1]
            let joined = last.isEmpty ? value : last + "," + value
            if joined.count <= valueLimit || last.isEmpty {
                chunks[chunks.count - 1] = joined
            } else {
                chunks.append(value)
            }
        }
        var tags: [String: String] = [:]
        for (index, chunk) in chunks.enumerated() { tags[chunkKey(key, index)] = chunk }
        return tags
    }

    /// The values recorded under `key`; nil when nothing is recorded (not even an empty `key`).
    public static func values(in tags: [String: String], key: String) -> Set<String>? {
        guard tags[key] != nil else { return nil }
        var values: Set<String> = []
        var index = 0
        while let chunk = tags[chunkKey(key, index)] {
            values.formUnion(chunk.split(separator: ",").map(String.init))
            index += 1
        }
        return values
    }

    /// Every tag key of the record under `key` present in `tags` (to delete the chunks a shorter record drops).
    public static func keys(in tags: [String: String], key: String) -> Set<String> {
        Set(tags.keys.filter { $0 == key || ($0.hasPrefix(key + ".") && Int($0.dropFirst(key.count + 1)) != nil) })
    }

    static func chunkKey(_ key: String, _ index: Int) -> String { index == 0 ? key : "\(key).\(index + 1)" }
}
