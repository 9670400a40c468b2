/// Finds duplicate scalar keys in each mapping as it closes, the later occurrence winning.
///
/// Keys are equal when their text and their type are (`1` and `"1"` differ). Within a mapping, duplicates are
/// taken smallest key first; a key written three times yields two findings. The earlier occurrence of each is
/// shadowed (readers skip it) and the finding points at the next key with the same text. Collections used as keys
/// are never compared (readers refuse them), so an aliased key costs nothing however far it would expand.
struct YAMLDuplicateFinder {
    private struct Identity: Hashable {
        var string: String
        var tag: ScalarTag
    }

    private(set) var found: [YAMLDuplicateKey] = []
    private(set) var shadowed: Set<YAMLMark> = []
    private var scalars: [Unicode.Scalar]?

    /// Checks one mapping's keys; throws when a duplicate cannot be shadowed or there are too many.
    mutating func check(_ pairs: [YAMLNode.Mapping.Pair], text: UnsafeBufferPointer<UInt8>) throws(YAMLReadError) {
        guard pairs.count > 1, hasDuplicate(pairs) else { return }
        let keys = pairs.map { $0.key.scalar }
        var active = keys.indices.filter { keys[$0] != nil }
        while true {
            var groups: [Identity: [Int]] = [:]
            for index in active {
                guard let key = keys[index] else { continue }
                groups[Identity(string: key.string, tag: key.tag), default: []].append(index)
            }
            let repeated = groups.filter { $0.value.count > 1 }
            guard let smallest = repeated.min(by: { $0.key.string < $1.key.string }) else { return }
            let occurrence = smallest.value[0]
            guard let key = keys[occurrence] else { return }
            guard canShadow(at: key.mark, text: text) else {
                throw .duplicateKey(key: key.string, mark: key.mark)
            }
            let later = keys.indices.dropFirst(occurrence + 1).first { (keys[$0]?.string ?? "") == key.string }
            let second = later.flatMap { pairs[$0].key.mark }
            found.append(
                second.map { YAMLDuplicateKey(key: key.string, first: key.mark, second: $0) }
                    ?? YAMLDuplicateKey(key: key.string, first: nil, second: key.mark))
            shadowed.insert(key.mark)
            guard found.count < YAMLEventReader.maxDuplicates else { throw .tooManyDuplicateKeys }
            active.removeAll { $0 == occurrence }
        }
    }

    /// Whether two scalar keys are equal: pairwise for the small mappings manifests have, hashed otherwise.
    private func hasDuplicate(_ pairs: [YAMLNode.Mapping.Pair]) -> Bool {
        if pairs.count <= 16 {
            for i in pairs.indices {
                guard let a = pairs[i].key.scalar else { continue }
                for j in (i + 1)..<pairs.count {
                    if let b = pairs[j].key.scalar, a.string == b.string, a.tag == b.tag { return true }
                }
            }
            return false
        }
        var seen = Set<Identity>()
        for pair in pairs {
            guard let key = pair.key.scalar else { continue }
            if !seen.insert(Identity(string: key.string, tag: key.tag)).inserted { return true }
        }
        return false
    }

    /// Whether the key written at `mark` starts (after an opening quote) with a character that can stand for
    /// it: not a quote, a backslash, a line break or a space. Such keys are refused as a whole instead.
    private mutating func canShadow(at mark: YAMLMark, text: UnsafeBufferPointer<UInt8>) -> Bool {
        let scalars = self.scalars ?? Array(String(decoding: text, as: UTF8.self).unicodeScalars)
        self.scalars = scalars
        var line = 1
        var index = 0
        while line < mark.line, index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        index += mark.column - 1
        guard index < scalars.count else { return false }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        guard index < scalars.count else { return false }
        return !["\"", "'", "\\", "\n", "\r", " "].contains(scalars[index])
    }
}
