import CLibYAML

/// Reads YAML text from libyaml's event stream straight into ``YAMLNode``s, with Kiln's strict rules applied
/// on the way: a size limit checked before parsing, a nesting limit, aliases as shared nodes (never expanded),
/// plain scalars typed by the YAML 1.2 core schema, and duplicate keys found per mapping as it closes.
///
/// Every YAML text Kiln reads (manifests, status files, the daemon configuration) goes through here.
public struct YAMLEventReader: Sendable {
    /// Collections nested deeper than this are refused (libyaml's own default limit).
    public static let maxDepth = 1_000
    /// The most duplicate keys a document may have before it is refused as a whole.
    static let maxDuplicates = 64

    /// What one text held, with the duplicate keys it had.
    public struct Result: Sendable {
        public var stream: YAMLStream
        /// Duplicate keys in the order they were found (mappings in the order they close).
        public var duplicates: [YAMLDuplicateKey]
        /// Marks of earlier occurrences of duplicate keys: readers skip them, so the later occurrence wins.
        public var shadowed: Set<YAMLMark>
    }

    /// Reads `bytes` (UTF-8, without a byte-order mark), refusing more than `maxBytes` before any parsing.
    public static func read(_ bytes: [UInt8], maxBytes: Int) throws(YAMLReadError) -> Result {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let outcome = bytes.withUnsafeBufferPointer { buffer -> Swift.Result<Result, YAMLReadError> in
            var builder = YAMLTreeBuilder(bytes: buffer)
            do throws(YAMLReadError) {
                return .success(try builder.run())
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
