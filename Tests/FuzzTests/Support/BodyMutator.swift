/// Mutations of AWS response bodies: what a broken proxy, a truncated connection, a front end's error page or a
/// hostile endpoint could hand the client.
enum BodyMutation: String, CaseIterable, Sendable {
    case truncate, flipBit, setByte, deleteMarkup, duplicateChunk, replaceText, deepNesting, hugeText
    case entityBomb, externalEntity, invalidUTF8, htmlPage, randomBytes, empty, jsonTypeSwap, jsonDeepNesting
    case repeatBody, strayMarkup
}

/// Applies seeded mutations to response bodies.
enum BodyMutator {
    /// Applies one to three mutations; returns the mutated bytes and the mutations' names.
    static func mutate(_ bytes: [UInt8], using random: inout SeededGenerator) -> ([UInt8], [BodyMutation]) {
        var bytes = bytes
        var applied: [BodyMutation] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let mutation = BodyMutation.allCases.randomElement(using: &random) ?? .truncate
            apply(mutation, to: &bytes, using: &random)
            applied.append(mutation)
        }
        return (bytes, applied)
    }

    static func apply(_ mutation: BodyMutation, to bytes: inout [UInt8], using random: inout SeededGenerator) {
        let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch mutation {
        case .truncate:
            bytes.removeSubrange(at...)
        case .flipBit:
            guard !bytes.isEmpty else { return }
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
        case .setByte:
            guard !bytes.isEmpty else { return }
            bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
        case .deleteMarkup:
            // Removes one `<…>` tag or one `"…"` JSON token after `at`.
            guard let open = bytes[at...].firstIndex(where: { $0 == 0x3C || $0 == 0x22 }) else { return }
            let close: UInt8 = bytes[open] == 0x3C ? 0x3E : 0x22
            guard let end = bytes[(open + 1)...].firstIndex(of: close) else { return }
            bytes.removeSubrange(open...end)
        case .duplicateChunk:
            let length = Int.random(in: 1...400, using: &random)
            let chunk = Array(bytes[at..<min(bytes.count, at + length)])
            bytes.insert(contentsOf: chunk, at: at)
        case .replaceText:
            // Replaces the text of an element (between `>` and `<`) or a JSON value (after `:`).
            let values = [
                "", "-1", "99999999999999999999999", "1e999", "NaN", "true", "null", "2026-13-45T25:61:61Z",
                "not a date", "&amp;&lt;&gt;", "&#0;", "&#xD800;", "&unknown;", "<![CDATA[x]]>", "<!-- c -->",
                "<?pi x?>", "\u{0}", "\"", "{", "[", "ami-\u{202E}gpj", String(repeating: "é", count: 3_000),
            ]
            let value = Array((values.randomElement(using: &random) ?? "").utf8)
            guard let start = bytes[at...].firstIndex(where: { $0 == 0x3E || $0 == 0x3A }) else { return }
            let stop = bytes[(start + 1)...].firstIndex(where: { $0 == 0x3C || $0 == 0x2C || $0 == 0x7D })
            bytes.replaceSubrange((start + 1)..<(stop ?? bytes.count), with: value)
        case .deepNesting:
            let depth = [100, 5_000, 100_000].randomElement(using: &random) ?? 100
            let text = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
            bytes.insert(contentsOf: Array(text.utf8), at: tagBoundary(bytes, at))
        case .hugeText:
            let size = [10_000, 1 << 20].randomElement(using: &random) ?? 10_000
            bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "x"), count: size), at: textPosition(bytes, at))
        case .entityBomb:
            let levels = (1...9).map { level in
                "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">"
            }
            let doctype = "<!DOCTYPE r [<!ENTITY l0 \"lol\">" + levels.joined() + "]>"
            insertDoctype(doctype, reference: "&l9;", into: &bytes, at: at)
        case .externalEntity:
            let doctype = "<!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
            insertDoctype(doctype, reference: "&e;", into: &bytes, at: at)
        case .invalidUTF8:
            let sequences: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]]
            bytes.insert(contentsOf: sequences.randomElement(using: &random) ?? [0xFF], at: at)
        case .htmlPage:
            let status = [500, 502, 503, 504].randomElement(using: &random) ?? 502
            let page =
                "<html><head><title>\(status) Bad Gateway</title></head><body><center><h1>\(status)</h1></center>"
                + "\r\n<hr><center>nginx</center></body></html>\r\n"
            bytes = Array(page.utf8)
        case .randomBytes:
            bytes = (0..<Int.random(in: 0...2_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random)
            }
        case .empty:
            bytes = []
        case .jsonTypeSwap:
            let values = ["[]", "{}", "0", "-1.5e300", "\"x\"", "true", "null", "[null]", "{\"\":{}}", "\"\\ud800\""]
            guard let colon = bytes[at...].firstIndex(of: 0x3A) else { return }
            let stop = bytes[(colon + 1)...].firstIndex(where: { $0 == 0x2C || $0 == 0x7D }) ?? bytes.count
            bytes.replaceSubrange((colon + 1)..<stop, with: Array((values.randomElement(using: &random) ?? "0").utf8))
        case .jsonDeepNesting:
            let depth = [100, 10_000, 100_000].randomElement(using: &random) ?? 100
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            guard let colon = bytes[at...].firstIndex(of: 0x3A) else { return }
            bytes.insert(contentsOf: Array(text.utf8) + [0x2C], at: colon + 1)
        case .repeatBody:
            let copies = Int.random(in: 2...50, using: &random)
            bytes = Array(repeating: bytes, count: copies).flatMap { $0 }
        case .strayMarkup:
            let stray = ["</", "<", ">", "&", "]]>", "<?xml version=\"1.0\"?>", "<x:y xmlns:x=\"\">", "\"", "\\", "}"]
            bytes.insert(contentsOf: Array((stray.randomElement(using: &random) ?? "<").utf8), at: at)
        }
    }

    // MARK: - Positions

    /// The index just after the first `>` at or after `offset` (or `offset`).
    private static func tagBoundary(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes[offset...].firstIndex(of: 0x3E).map { $0 + 1 } ?? offset
    }

    /// A position inside element text or a JSON string: after the next `>` or `"`.
    private static func textPosition(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes[offset...].firstIndex(where: { $0 == 0x3E || $0 == 0x22 }).map { $0 + 1 } ?? offset
    }

    /// Puts a document type declaration after the XML declaration and a reference to one of its entities in text.
    private static func insertDoctype(_ doctype: String, reference: String, into bytes: inout [UInt8], at offset: Int) {
        let text = textPosition(bytes, offset)
        bytes.insert(contentsOf: Array(reference.utf8), at: text)
        let declarationEnd = bytes.starts(with: Array("<?xml".utf8)) ? tagBoundary(bytes, 0) : 0
        bytes.insert(contentsOf: Array(doctype.utf8), at: declarationEnd)
    }
}
