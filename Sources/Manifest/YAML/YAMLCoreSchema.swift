/// Resolution of plain (untagged, unquoted) scalars, YAML 1.2 core schema as Kiln reads it: `true`/`false` are
/// the only booleans (no `yes`/`no`/`on`/`off`), decimal integers, decimal floats with `.inf`/`.nan`, and
/// `~`/`null`/`Null`/`NULL`/empty as null; everything else is a string. Checked byte by byte, in that order.
enum YAMLCoreSchema {
    static func resolve(_ bytes: UnsafeBufferPointer<UInt8>) -> ScalarTag {
        if isNull(bytes) { return .null }
        if equals(bytes, "true") || equals(bytes, "false") { return .boolean }
        if isInteger(bytes) { return .integer }
        if isFloat(bytes) { return .float }
        return .string
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let start = word.utf8Start
        for index in 0..<bytes.count where bytes[index] != start[index] { return false }
        return true
    }

    private static func isNull(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || equals(bytes, "~") || equals(bytes, "null") || equals(bytes, "Null")
            || equals(bytes, "NULL")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isSign(_ byte: UInt8) -> Bool { byte == 0x2B || byte == 0x2D }

    /// The index after a run of digits starting at `index`.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index
    }

    /// `[-+]?[0-9]+`
    private static func isInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = !bytes.isEmpty && isSign(bytes[0]) ? 1 : 0
        let end = digits(bytes, from: start)
        return end > start && end == bytes.count
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.(inf|Inf|INF)` or `\.(nan|NaN|NAN)`.
    private static func isFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        if equals(bytes, ".nan") || equals(bytes, ".NaN") || equals(bytes, ".NAN") { return true }
        let start = isSign(bytes[0]) ? 1 : 0
        let rest = UnsafeBufferPointer(rebasing: bytes[start...])
        if equals(rest, ".inf") || equals(rest, ".Inf") || equals(rest, ".INF") { return true }
        var index = start
        if index < bytes.count, bytes[index] == 0x2E {
            let end = digits(bytes, from: index + 1)
            guard end > index + 1 else { return false }
            index = end
        } else {
            let end = digits(bytes, from: index)
            guard end > index else { return false }
            index = end
            if index < bytes.count, bytes[index] == 0x2E { index = digits(bytes, from: index + 1) }
        }
        if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
            index += 1
            if index < bytes.count, isSign(bytes[index]) { index += 1 }
            let end = digits(bytes, from: index)
            guard end > index else { return false }
            index = end
        }
        return index == bytes.count
    }
}
