// MARK: - Client tokens

/// A stable, idempotent client token: 32 hex characters of FNV-1a 128 over the input text.
///
/// Not a cryptographic hash: it only has to be deterministic and unlikely to collide between the
/// few token inputs of one account (owner, image, version, recipe, attempt or region).
public struct ClientToken: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The text the token is derived from (kept for reports and for executors that hash otherwise).
    public var input: String
    /// The token sent to AWS.
    public var value: String

    /// Derives the token of `input`.
    public init(input: String) {
        self.input = input
        self.value = Self.fnv1a128Hex(input)
    }

    public var description: String { value }

    static func fnv1a128Hex(_ text: String) -> String {
        let prime: UInt128 = (1 << 88) | 0x13B
        var hash: UInt128 = (0x6c62_272e_07bb_0142 << 64) | 0x62b8_2175_6295_c58d
        for byte in text.utf8 {
            hash ^= UInt128(byte)
            hash = hash &* prime
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }
}
