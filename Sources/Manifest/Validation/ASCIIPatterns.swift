// MARK: - The rules' patterns, byte by byte

/// The rules' regular expressions (`Pattern` in `Rule.swift`) matched byte by byte, for text that is ASCII only.
///
/// Swift `Regex` matches by `Character` (grapheme clusters) and costs microseconds a value; a manifest has a dozen
/// such values, 5,000 manifests 60,000. Each function answers exactly what the whole-match of its pattern answers
/// for ASCII text (in which every `Character` is one byte, except CR LF, which no class of these patterns holds),
/// and `nil` for anything else (non-ASCII), which the rule then hands to the `Regex` itself.
enum ASCIIPatterns {
    /// `(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-[0-9]+`
    static func region(_ value: String) -> Bool? {
        ascii(value) { text in
            let prefixes: [StaticString] = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn"]
            func rest(from start: Int) -> Bool {
                var scanner = Scanner(text, at: start)
                return scanner.take(0x2D) && scanner.run(of: isLower, min: 1) && scanner.take(0x2D)
                    && scanner.run(of: isDigit, min: 1) && scanner.atEnd
            }
            if prefixes.contains(where: { Scanner(text, at: 0).hasPrefix($0) }), rest(from: 2) { return true }
            return Scanner(text, at: 0).hasPrefix("us-gov") && rest(from: 6)
        }
    }

    /// `[a-z][a-z0-9-]*\.[a-z0-9]+`
    static func instanceType(_ value: String) -> Bool? {
        ascii(value) { text in
            var scanner = Scanner(text, at: 0)
            return scanner.run(of: isLower, min: 1, max: 1)
                && scanner.run(of: { isLower($0) || isDigit($0) || $0 == 0x2D }, min: 0) && scanner.take(0x2E)
                && scanner.run(of: { isLower($0) || isDigit($0) }, min: 1) && scanner.atEnd
        }
    }

    /// `<prefix>([0-9a-f]{8}|[0-9a-f]{17})`: `ami-`, `subnet-`, `sg-` ids.
    static func resourceID(_ value: String, prefix: StaticString) -> Bool? {
        ascii(value) { text in
            var scanner = Scanner(text, at: 0)
            guard scanner.take(prefix) else { return false }
            let digits = text.count - scanner.index
            return (digits == 8 || digits == 17) && scanner.run(of: isLowerHex, min: digits, max: digits)
        }
    }

    /// `[A-Za-z0-9_+=,.@-]{1,128}` or `arn:aws(-[a-z]+)*:iam::[0-9]{12}:instance-profile\/[A-Za-z0-9_+=,.@\/-]{1,512}`
    static func instanceProfile(_ value: String) -> Bool? {
        ascii(value) { text in
            func isNameByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || "_+=,.@-".utf8.contains(byte) }
            var name = Scanner(text, at: 0)
            if name.run(of: isNameByte, min: 1, max: 128), name.atEnd { return true }
            var arn = Scanner(text, at: 0)
            return arn.partition() && arn.take(":iam::") && arn.run(of: isDigit, min: 12, max: 12)
                && arn.take(":instance-profile/") && arn.run(of: { isNameByte($0) || $0 == 0x2F }, min: 1, max: 512)
                && arn.atEnd
        }
    }

    /// The KMS key rule: a key id, an alias, or a key ARN whose resource is `key/<key id>` or an alias.
    static func kmsKey(_ value: String) -> Bool? {
        ascii(value) { text in
            if isKMSKeyID(text, from: 0) || isKMSAlias(text, from: 0) { return true }
            // arn:aws(-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:(key\/.+|alias\/.+)
            var arn = Scanner(text, at: 0)
            guard arn.partition(), arn.take(":kms:"), arn.run(of: { isLower($0) || isDigit($0) || $0 == 0x2D }, min: 1),
                arn.take(0x3A), arn.run(of: isDigit, min: 12, max: 12), arn.take(0x3A)
            else { return false }
            let resource = arn.index
            var key = Scanner(text, at: resource)
            if key.take("key/"), key.index < text.count { return isKMSKeyID(text, from: key.index) }
            var alias = Scanner(text, at: resource)
            if alias.take("alias/"), alias.index < text.count { return isKMSAlias(text, from: resource) }
            return false
        }
    }

    /// `[0-9]{12}`
    static func accountID(_ value: String) -> Bool? {
        ascii(value) { text in
            var scanner = Scanner(text, at: 0)
            return scanner.run(of: isDigit, min: 12, max: 12) && scanner.atEnd
        }
    }

    /// `[a-zA-Z0-9().\-\/_]{3,128}`
    static func launchTemplateName(_ value: String) -> Bool? {
        ascii(value) { text in
            var scanner = Scanner(text, at: 0)
            return scanner.run(of: { isAlphanumeric($0) || "().-/_".utf8.contains($0) }, min: 3, max: 128)
                && scanner.atEnd
        }
    }

    /// `\/[A-Za-z0-9_.\-\/]{1,1010}`
    static func ssmParameter(_ value: String) -> Bool? {
        ascii(value) { text in
            var scanner = Scanner(text, at: 0)
            return scanner.take(0x2F)
                && scanner.run(of: { isAlphanumeric($0) || "_.-/".utf8.contains($0) }, min: 1, max: 1010)
                && scanner.atEnd
        }
    }

    // MARK: - KMS parts

    /// `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}` from `start` to the end.
    private static func isKMSKeyID(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var uuid = Scanner(text, at: start)
        if uuid.run(of: isLowerHex, min: 8, max: 8), uuid.take(0x2D), uuid.run(of: isLowerHex, min: 4, max: 4),
            uuid.take(0x2D), uuid.run(of: isLowerHex, min: 4, max: 4), uuid.take(0x2D),
            uuid.run(of: isLowerHex, min: 4, max: 4), uuid.take(0x2D), uuid.run(of: isLowerHex, min: 12, max: 12),
            uuid.atEnd
        {
            return true
        }
        var multiRegion = Scanner(text, at: start)
        return multiRegion.take("mrk-") && multiRegion.run(of: isLowerHex, min: 32, max: 32) && multiRegion.atEnd
    }

    /// `alias\/[A-Za-z0-9\/_-]{1,250}` from `start` to the end.
    private static func isKMSAlias(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var scanner = Scanner(text, at: start)
        return scanner.take("alias/")
            && scanner.run(of: { isAlphanumeric($0) || $0 == 0x2F || $0 == 0x5F || $0 == 0x2D }, min: 1, max: 250)
            && scanner.atEnd
    }

    // MARK: - Bytes

    /// Runs `body` on the UTF-8 bytes of `value` when they are all ASCII; nil otherwise.
    private static func ascii(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool? {
        let answer = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            bytes.allSatisfy { $0 < 0x80 } ? body(bytes) : nil
        }
        return answer ?? nil
    }

    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) || isDigit(byte) }
    private static func isLowerHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }
}

/// A forward cursor over ASCII bytes; every step answers whether it matched.
private struct Scanner {
    let text: UnsafeBufferPointer<UInt8>
    var index: Int

    init(_ text: UnsafeBufferPointer<UInt8>, at index: Int) {
        self.text = text
        self.index = index
    }

    var atEnd: Bool { index == text.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < text.count, text[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func take(_ word: StaticString) -> Bool {
        guard hasPrefix(word) else { return false }
        index += word.utf8CodeUnitCount
        return true
    }

    func hasPrefix(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard text.count - index >= count else { return false }
        for offset in 0..<count where text[index + offset] != word.utf8Start[offset] { return false }
        return true
    }

    /// Takes as many bytes of `class` as there are, up to `max`; matched when at least `min` were taken.
    mutating func run(of matches: (UInt8) -> Bool, min: Int, max: Int = .max) -> Bool {
        var taken = 0
        while taken < max, index < text.count, matches(text[index]) {
            index += 1
            taken += 1
        }
        return taken >= min
    }

    /// `arn:aws(-[a-z]+)*`: the partition of an ARN.
    mutating func partition() -> Bool {
        guard take("arn:aws") else { return false }
        while index < text.count, text[index] == 0x2D {
            index += 1
            guard run(of: { $0 >= 0x61 && $0 <= 0x7A }, min: 1) else { return false }
        }
        return true
    }
}
