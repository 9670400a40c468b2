import KilnModel
import Testing

/// SemVer 2.0.0 precedence (item 11) as properties: the spec's example chain, numeric identifiers of any length,
/// and the laws of a total order over generated versions.
@Suite("SemanticVersion precedence")
struct SemanticVersionPrecedenceTests {
    /// The example chain of SemVer 2.0.0 item 11.4, lowest first.
    static let specChain = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
        "1.0.0-rc.1", "1.0.0",
    ]

    @Test func theSpecExampleChainIsStrictlyAscending() throws {
        let versions = try Self.specChain.map { try #require(SemanticVersion($0)) }
        for (i, lower) in versions.enumerated() {
            for (j, higher) in versions.enumerated() {
                #expect((lower < higher) == (i < j), "\(lower) < \(higher) should be \(i < j)")
                #expect((lower == higher) == (i == j), "\(lower) == \(higher) should be \(i == j)")
            }
        }
        var generator = SplitMix64(seed: 11)
        for _ in 0..<50 {
            #expect(versions.shuffled(using: &generator).sorted() == versions)
        }
    }

    @Test(arguments: [
        // Longer than UInt64 (20 digits and more): still numbers, compared as numbers.
        ("1.0.0-18446744073709551615", "1.0.0-18446744073709551616"),
        ("1.0.0-99999999999999999999", "1.0.0-100000000000000000000"),
        ("1.0.0-alpha.123456789012345678901234567890", "1.0.0-alpha.123456789012345678901234567891"),
        ("1.0.0-9", "1.0.0-10000000000000000000000000000000000000000"),
        // A numeric identifier of any length is below every alphanumeric one.
        ("1.0.0-123456789012345678901234567890", "1.0.0-a"),
        ("1.0.0-123456789012345678901234567890", "1.0.0-0a"),
        ("1.0.0-rc.100000000000000000000000", "1.0.0-rc.x"),
        // Pre-release below release, whatever the numbers.
        ("1.0.0-99999999999999999999999999", "1.0.0"),
    ])
    func longNumericIdentifiersCompareAsNumbers(_ lower: String, _ higher: String) throws {
        let low = try #require(SemanticVersion(lower))
        let high = try #require(SemanticVersion(higher))
        #expect(low < high)
        #expect(!(high < low))
        #expect(low != high)
    }

    @Test func generatedLongNumbersOrderLikeTheirValues() throws {
        var generator = SplitMix64(seed: 20)
        for _ in 0..<500 {
            let digits = Self.number(length: Int.random(in: 1...60, using: &generator), using: &generator)
            guard digits != "0" else { continue }
            let base = try #require(SemanticVersion("2.0.0-rc.\(digits)"))
            let next = try #require(SemanticVersion("2.0.0-rc.\(Self.increment(digits))"))
            let tenfold = try #require(SemanticVersion("2.0.0-rc.\(digits)0"))
            #expect(base < next, "\(digits) < \(Self.increment(digits))")
            #expect(next <= tenfold, "\(Self.increment(digits)) <= \(digits)0")
            #expect(base < tenfold)
        }
        for _ in 0..<500 {
            let a = UInt64.random(in: 0...UInt64.max, using: &generator)
            let b =
                Bool.random(using: &generator)
                ? UInt64.random(in: 0...UInt64.max, using: &generator)
                : a &+ UInt64.random(in: 0...2, using: &generator)
            let left = try #require(SemanticVersion("1.0.0-\(a)"))
            let right = try #require(SemanticVersion("1.0.0-\(b)"))
            #expect((left < right) == (a < b), "\(a) vs \(b)")
            #expect((left == right) == (a == b))
        }
    }

    @Test func leadingZerosInNumericIdentifiersAreRejected() {
        for text in ["1.0.0-01", "1.0.0-alpha.00", "1.0.0-0123456789012345678901234", "01.0.0", "1.00.0"] {
            #expect(SemanticVersion(text) == nil, "\(text)")
        }
        #expect(SemanticVersion("1.0.0-0") != nil)
        #expect(SemanticVersion("1.0.0-0a") != nil, "alphanumeric identifiers may start with 0")
    }

    @Test func generatedVersionsFormATotalOrder() {
        var generator = SplitMix64(seed: 2_000)
        let versions = (0..<120).map { _ in Self.version(using: &generator) }
        for a in versions {
            #expect(!(a < a), "irreflexive: \(a)")
            for b in versions {
                let relations = [a < b, a == b, b < a].filter { $0 }.count
                #expect(relations == 1, "trichotomy: \(a) vs \(b)")
                if a == b { #expect(a.hashValue == b.hashValue, "equal versions hash alike: \(a), \(b)") }
            }
        }
        for _ in 0..<4_000 {
            let a = versions.randomElement(using: &generator) ?? versions[0]
            let b = versions.randomElement(using: &generator) ?? versions[0]
            let c = versions.randomElement(using: &generator) ?? versions[0]
            if a < b && b < c { #expect(a < c, "transitive: \(a) < \(b) < \(c)") }
            if a == b && b == c { #expect(a == c) }
        }
        let sorted = versions.sorted()
        for (lower, higher) in zip(sorted, sorted.dropFirst()) { #expect(lower <= higher) }
        #expect(versions.shuffled(using: &generator).sorted() == sorted)
    }

    @Test func buildMetadataTakesNoPartInPrecedence() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            var a = Self.version(using: &generator)
            var b = a
            a.build = ["build", Self.number(length: 25, using: &generator)]
            b.build = ["sha", "5114f85"]
            #expect(a == b)
            #expect(!(a < b) && !(b < a))
            #expect(a.hashValue == b.hashValue)
            #expect(a.description != b.description, "the text keeps the metadata")
            let parsed = try #require(SemanticVersion(a.description))
            #expect(parsed == a && parsed.build == a.build, "round trip: \(a)")
        }
    }

    // MARK: - Generators

    /// A random valid version: small numbers so that ties are common, identifiers of every kind.
    static func version(using generator: inout SplitMix64) -> SemanticVersion {
        let prerelease: [String] =
            Bool.random(using: &generator)
            ? [] : (0..<Int.random(in: 1...3, using: &generator)).map { _ in identifier(using: &generator) }
        return SemanticVersion(
            major: UInt64.random(in: 0...2, using: &generator), minor: UInt64.random(in: 0...2, using: &generator),
            patch: UInt64.random(in: 0...2, using: &generator), prerelease: prerelease)
    }

    static func identifier(using generator: inout SplitMix64) -> String {
        switch Int.random(in: 0...4, using: &generator) {
        case 0: String(Int.random(in: 0...12, using: &generator))
        case 1: number(length: Int.random(in: 19...30, using: &generator), using: &generator)
        case 2: ["alpha", "beta", "rc", "x-y", "0a"].randomElement(using: &generator) ?? "alpha"
        case 3: "b" + String(Int.random(in: 0...3, using: &generator))
        default: ["a", "A", "-", "z9"].randomElement(using: &generator) ?? "a"
        }
    }

    /// A decimal number of `length` digits without a leading zero (`0` for length 1 at times).
    static func number(length: Int, using generator: inout SplitMix64) -> String {
        let first = length == 1 ? Int.random(in: 0...9, using: &generator) : Int.random(in: 1...9, using: &generator)
        return String(first)
            + (1..<max(length, 1)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
            .joined()
    }

    /// `digits + 1`, in decimal, of any length.
    static func increment(_ digits: String) -> String {
        var result = Array(digits.utf8)
        var index = result.count - 1
        while index >= 0 {
            if result[index] == UInt8(ascii: "9") {
                result[index] = UInt8(ascii: "0")
                index -= 1
            } else {
                result[index] += 1
                return String(decoding: result, as: UTF8.self)
            }
        }
        return "1" + String(decoding: result, as: UTF8.self)
    }
}

/// A small deterministic generator (SplitMix64), so every run checks the same cases.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
