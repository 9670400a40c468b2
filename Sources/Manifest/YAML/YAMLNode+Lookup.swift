extension YAMLNode {
    /// The value of the last pair whose key is the scalar `key` (a mapping's duplicates are readers' concern).
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.pairs.last { $0.key.scalar?.string == key }?.value
    }

    /// The mapping, if this node is one.
    public var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// The sequence, if this node is one.
    public var sequence: Sequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }
}

extension YAMLEventReader {
    /// The root of `bytes` when they hold exactly one YAML document without duplicate keys; `nil` otherwise (too
    /// large, invalid, empty, several documents). For lenient readers that skip what they cannot read.
    public static func document(_ bytes: [UInt8], maxBytes: Int) -> YAMLNode? {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let result = try? read(bytes, maxBytes: maxBytes), result.duplicates.isEmpty,
            case .document(let root) = result.stream
        else { return nil }
        return root
    }
}
