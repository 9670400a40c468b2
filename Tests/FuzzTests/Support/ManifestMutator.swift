/// Mutations of manifest bytes: the ways a hand-edited or corrupted YAML file goes wrong.
enum ManifestMutation: String, CaseIterable, Sendable {
    case flipBit, setByte, truncate, insertTab, insertColon, insertQuote, insertAnchorAlias
    case deepFlowNesting, deepBlockNesting, hugeScalar, invalidUTF8, duplicateLine, typeSwap
    case deleteLine, swapLines, shiftIndent, documentMarker, oddCharacter, splice, tagged, mergeKey
}

/// Applies seeded mutations to manifest bytes.
struct ManifestMutator {
    /// Other files to splice text from.
    let donors: [[UInt8]]

    /// Applies one to four mutations; returns the mutated bytes and the names of the mutations applied.
    func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> ([UInt8], [ManifestMutation]) {
        var bytes = bytes
        var applied: [ManifestMutation] = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let mutation = ManifestMutation.allCases.randomElement(using: &random) ?? .flipBit
            apply(mutation, to: &bytes, using: &random)
            applied.append(mutation)
        }
        return (bytes, applied)
    }

    // MARK: - Mutations

    func apply(_ mutation: ManifestMutation, to bytes: inout [UInt8], using random: inout SeededGenerator) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch mutation {
        case .flipBit:
            guard !bytes.isEmpty else { return }
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case .setByte:
            guard !bytes.isEmpty else { return }
            bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
        case .truncate:
            bytes.removeSubrange(at...)
        case .insertTab:
            insert("\t", at: lineStart(bytes, at), into: &bytes)
        case .insertColon:
            insert([":", ": ", " :", "::"].randomElement(using: &random) ?? ":", at: at, into: &bytes)
        case .insertQuote:
            insert(["'", "\"", "\\", "`", "\"\\u", "'''"].randomElement(using: &random) ?? "'", at: at, into: &bytes)
        case .insertAnchorAlias:
            let text = ["&a ", "*a", "*undefined", "&a &b ", "? *a\n", "*a : x\n", "&a [*a]", "*"]
            insert(text.randomElement(using: &random) ?? "*a", at: at, into: &bytes)
        case .deepFlowNesting:
            let depth = Int.random(in: 1...3_000, using: &random)
            let open = Bool.random(using: &random) ? "[" : "{a: "
            let close = open == "[" ? "]" : "}"
            replaceValue(
                String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth), in: &bytes,
                near: at)
        case .deepBlockNesting:
            // Deeper block nesting costs time quadratic in depth (indentation); NestingTests covers the limit.
            let depth = [2, 20, 200].randomElement(using: &random) ?? 2
            let nested = (0..<depth).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
            insert("\n" + nested + " v\n", at: lineStart(bytes, at), into: &bytes)
        case .hugeScalar:
            let size = [1_000, 100_000, 1 << 20, (1 << 20) + 1].randomElement(using: &random) ?? 1_000
            replaceValue("\"" + String(repeating: "x", count: size) + "\"", in: &bytes, near: at)
        case .invalidUTF8:
            let sequences: [[UInt8]] = [
                [0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82],
                [0x80], [0xFE, 0xFF],
            ]
            bytes.insert(contentsOf: sequences.randomElement(using: &random) ?? [0xFF], at: at)
        case .duplicateLine:
            let (start, end) = lineRange(bytes, at)
            bytes.insert(contentsOf: Array(bytes[start..<end]) + [0x0A], at: start)
        case .typeSwap:
            let values = [
                "[a, b]", "{x: 1}", "123", "-7", "1.5e3", "true", "null", "~", "\"\"", "''", ".inf", "0x1F",
                "2001-12-14", "!!binary aGVsbG8=", "!!int x", "!custom x", "|\n  text", ">-\n  folded", "[]", "{}",
                "99999999999999999999999999", "-", "?",
            ]
            replaceValue(values.randomElement(using: &random) ?? "[]", in: &bytes, near: at)
        case .deleteLine:
            let (start, end) = lineRange(bytes, at)
            bytes.removeSubrange(start..<min(bytes.count, end + 1))
        case .swapLines:
            let first = lineRange(bytes, at)
            let second = lineRange(bytes, min(bytes.count, first.end + 1))
            guard second.start > first.end else { return }
            let a = Array(bytes[first.start..<first.end])
            let b = Array(bytes[second.start..<second.end])
            bytes.replaceSubrange(second.start..<second.end, with: a)
            bytes.replaceSubrange(first.start..<first.end, with: b)
        case .shiftIndent:
            let start = lineStart(bytes, at)
            if Bool.random(using: &random) {
                insert(String(repeating: " ", count: Int.random(in: 1...5, using: &random)), at: start, into: &bytes)
            } else if start < bytes.count, bytes[start] == 0x20 {
                bytes.remove(at: start)
            }
        case .documentMarker:
            let markers = ["---\n", "...\n", "%YAML 1.1\n---\n", "%TAG ! tag:x,2000:\n---\n", "--- |\n", "%FOO\n"]
            insert(markers.randomElement(using: &random) ?? "---\n", at: lineStart(bytes, at), into: &bytes)
        case .oddCharacter:
            let odd = [
                "\r", "\r\n", "\u{FEFF}", "\u{85}", "\u{2028}", "\u{2029}", "\u{200B}", "\u{202E}", "\u{0}",
                "\u{7}", "\u{1B}[31m", "\u{E000}", "\u{10FFFF}", "é", "👩‍👩‍👧", "\u{301}",
            ]
            insert(odd.randomElement(using: &random) ?? "\r", at: at, into: &bytes)
        case .splice:
            guard let donor = donors.randomElement(using: &random), !donor.isEmpty else { return }
            let start = Int.random(in: 0..<donor.count, using: &random)
            let end = min(donor.count, start + Int.random(in: 1...400, using: &random))
            bytes.insert(contentsOf: donor[start..<end], at: at)
        case .tagged:
            let tags = ["!!map ", "!!seq ", "!!str ", "!!set ", "!!omap ", "!!python/object:os.system ", "!<tag:x> "]
            replaceValue((tags.randomElement(using: &random) ?? "!!str ") + "x", in: &bytes, near: at)
        case .mergeKey:
            insert("<<: *a\n", at: lineStart(bytes, at), into: &bytes)
        }
    }

    // MARK: - Byte helpers

    private func insert(_ text: String, at offset: Int, into bytes: inout [UInt8]) {
        bytes.insert(contentsOf: Array(text.utf8), at: min(offset, bytes.count))
    }

    private func lineStart(_ bytes: [UInt8], _ offset: Int) -> Int {
        lineRange(bytes, offset).start
    }

    /// The line containing `offset`, without its newline.
    private func lineRange(_ bytes: [UInt8], _ offset: Int) -> (start: Int, end: Int) {
        let offset = min(offset, bytes.count)
        let start = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
        return (start, end)
    }

    /// Replaces the value after the first `: ` on the line at `offset` (or inserts `text` there).
    private func replaceValue(_ text: String, in bytes: inout [UInt8], near offset: Int) {
        let (start, end) = lineRange(bytes, offset)
        let line = bytes[start..<end]
        guard let colon = line.indices.first(where: { bytes[$0] == 0x3A && $0 + 1 < end && bytes[$0 + 1] == 0x20 })
        else {
            insert(text, at: offset, into: &bytes)
            return
        }
        bytes.replaceSubrange((colon + 2)..<end, with: Array(text.utf8))
    }
}
