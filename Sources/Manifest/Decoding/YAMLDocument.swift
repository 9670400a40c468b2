/// One file's bytes read as exactly one YAML document, with problems reported as diagnostics.
struct YAMLDocument {
    /// The largest manifest accepted, checked before any parsing.
    static let maxBytes = 1 << 20

    /// The document's root node.
    let root: Node
    /// Keys whose later duplicate won: skipped when reading mappings.
    let shadowedKeys: Set<Position>
    /// The text's lines, for locating scripts.
    let lines: [Substring]

    /// Reads `file` as one YAML document; returns `nil` (with at least one error appended) when it cannot.
    static func read(_ file: ManifestFile, diagnostics: inout [Diagnostic]) -> YAMLDocument? {
        func fail(_ position: Position, _ message: String) -> YAMLDocument? {
            diagnostics.append(
                .init(
                    file: file.path, line: position.line, column: position.column,
                    severity: .error, message: message))
            return nil
        }
        let bytes = file.contents
        guard !file.isUnreadTooLarge, bytes.count <= maxBytes else {
            return fail(
                Position(line: 1, column: 1),
                "file is too large: a manifest may have at most \(maxBytes) bytes (1 MiB)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            return fail(position(ofByte: nul, in: bytes), "binary file (NUL byte); a manifest is UTF-8 text")
        }
        var text: String
        switch UTF8Check.validate(bytes) {
        case .valid(let string): text = string
        case .invalid(let offset):
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            return fail(position(ofByte: offset, in: bytes), "file is not valid UTF-8 (byte 0x\(byte))")
        }
        var yaml = bytes
        if text.unicodeScalars.first == "\u{FEFF}" {
            text.unicodeScalars.removeFirst()
            yaml.removeFirst(3)
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            return fail(Position(line: 1, column: 1), "empty file; a manifest is one YAML mapping")
        }
        let result: YAMLEventReader.Result
        do {
            result = try YAMLEventReader.read(yaml, maxBytes: maxBytes)
        } catch {
            let (position, message) = YAMLErrorText.describe(error, text: text)
            return fail(position, message)
        }
        switch result.stream {
        case .empty:
            return fail(Position(line: 1, column: 1), "empty file; a manifest is one YAML mapping")
        case .multipleDocuments(let position):
            return fail(position, "more than one YAML document in the file; a manifest file holds exactly one")
        case .document(let root):
            for duplicate in result.duplicates {
                diagnostics.append(
                    .init(
                        file: file.path, line: duplicate.second.line, column: duplicate.second.column,
                        severity: .error, message: "duplicate key '\(duplicate.key)'"))
                if let first = duplicate.first {
                    diagnostics.append(
                        .init(
                            .note, at: .init(file: file.path, line: first.line, column: first.column),
                            "previous occurrence of '\(duplicate.key)' is here"))
                }
            }
            return YAMLDocument(root: root, shadowedKeys: result.shadowed, lines: lines(of: text))
        }
    }

    /// `text` cut at every LF byte, as libyaml counts lines: a CR before the LF stays at the end of its line.
    ///
    /// Works on the UTF-8 bytes: splitting the `String` by `Character` walks grapheme clusters (a third of a
    /// manifest's decoding time) and keeps a CRLF pair, one `Character`, from ending a line.
    ///
    /// The LF bytes are found in the contiguous UTF-8 storage; walking the view's indices one byte at a time cost as
    /// much again as the rest of reading the text.
    static func lines(of text: String) -> [Substring] {
        let utf8 = text.utf8
        let newlines =
            utf8.withContiguousStorageIfAvailable { bytes in
                var offsets: [Int] = []
                for offset in bytes.indices where bytes[offset] == 0x0A { offsets.append(offset) }
                return offsets
            } ?? utf8.indices.filter { utf8[$0] == 0x0A }.map { utf8.distance(from: utf8.startIndex, to: $0) }
        var lines: [Substring] = []
        lines.reserveCapacity(newlines.count + 1)
        var start = utf8.startIndex
        var startOffset = 0
        for offset in newlines {
            let newline = utf8.index(start, offsetBy: offset - startOffset)
            lines.append(text[start..<newline])
            start = utf8.index(after: newline)
            startOffset = offset + 1
        }
        lines.append(text[start...])
        return lines
    }

    /// The line and column (in Unicode scalars) of byte `offset`.
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> Position {
        let before = bytes[..<offset]
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = before.count(where: { $0 == 0x0A }) + 1
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        return Position(line: line, column: column)
    }
}

// MARK: - UTF-8

enum UTF8Check {
    enum Outcome {
        case valid(String)
        case invalid(offset: Int)
    }

    /// Validates UTF-8, answering the offset of the first byte of the first invalid sequence (looked for scalar by
    /// scalar only when the standard library's validation failed).
    static func validate(_ bytes: [UInt8]) -> Outcome {
        if let text = String(validating: bytes, as: UTF8.self) { return .valid(text) }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return .valid(String(decoding: bytes, as: UTF8.self))
            case .error: return .invalid(offset: offset)
            }
        }
    }
}
