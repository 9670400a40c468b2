// MARK: - ASCII digits

extension Character {
    /// `0` to `9` (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
