/// A small, fast, seedable generator (SplitMix64): the same seed always yields the same cases.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for case `index` of a run: cases can be replayed one by one from their seed.
    static func forCase(_ index: Int, of run: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: run ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return SeededGenerator(seed: mixer.next())
    }
}
