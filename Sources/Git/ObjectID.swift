/// The SHA-1 id of a git object (commit, tree, blob, tag).
public struct ObjectID: Sendable, Hashable, Comparable, LosslessStringConvertible, Codable {
    static let byteCount = 20
    let bytes: [UInt8]

    /// Wraps 20 raw bytes; callers pass libgit2's fixed-size ids only.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a full 40-digit hexadecimal id (either case); nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == Self.byteCount * 2, let bytes = Hex.bytes(hex) else { return nil }
        self.bytes = bytes
    }

    /// Same as `init?(hex:)`.
    public init?(_ description: String) { self.init(hex: description) }

    /// The 40-digit lowercase hexadecimal form.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(Self.byteCount * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The first `length` hexadecimal digits, as `git log --abbrev` would print them.
    public func abbreviated(_ length: Int = 7) -> String { String(hex.prefix(length)) }

    /// The 40-digit lowercase hexadecimal form.
    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}

// MARK: - Codable as a hexadecimal string

extension ObjectID {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 40-digit object id")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
