import KilnModel
import Testing

/// SemVer 2.0.0 precedence (item 11) as properties: the spec's example chain, numeric identifiers of any length,
/// and the laws of a total order over every version built from a set of parts chosen to tie and to differ.
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
        for step in [3, 5, 7] {
            #expect(Self.permuted(versions, step: step).sorted() == versions)
        }
        #expect(versions.reversed().sorted() == versions)
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

    @Test func numbersOfEveryLengthOrderLikeTheirValues() throws {
        for length in 1...64 {
            for seed in 0..<10 {
                // Digits without a leading zero, varied by position, length and seed.
                let digits =
                    String((1 + seed % 9) as Int)
                    + (1..<length).map { String(($0 * 7 + length + seed) % 10) }
                    .joined()
                let value = try #require(SemanticVersion("2.0.0-rc.\(digits)"))
                let next = try #require(SemanticVersion("2.0.0-rc.\(Self.increment(digits))"))
                let tenfold = try #require(SemanticVersion("2.0.0-rc.\(digits)0"))
                #expect(value < next, "\(digits) < \(Self.increment(digits))")
                #expect(next <= tenfold, "\(Self.increment(digits)) <= \(digits)0")
                #expect(value < tenfold && !(tenfold < value))
            }
        }
        let values: [UInt64] = [
            0, 1, 9, 10, 11, 99, 100, 4_294_967_295, 4_294_967_296, 9_999_999_999_999_999_999,
            10_000_000_000_000_000_000, 12_345_678_901_234_567_890, 1 << 63, (1 << 63) - 1, .max - 1, .max,
        ]
        for a in values {
            for b in values {
                let left = try #require(SemanticVersion("1.0.0-x.\(a)"))
                let right = try #require(SemanticVersion("1.0.0-x.\(b)"))
                #expect((left < right) == (a < b), "\(a) vs \(b)")
                #expect((left == right) == (a == b), "\(a) vs \(b)")
            }
        }
    }

    @Test func leadingZerosInNumericIdentifiersAreRejected() {
        for text in ["1.0.0-01", "1.0.0-alpha.00", "1.0.0-0123456789012345678901234", "01.0.0", "1.00.0"] {
            #expect(SemanticVersion(text) == nil, "\(text)")
        }
        #expect(SemanticVersion("1.0.0-0") != nil)
        #expect(SemanticVersion("1.0.0-0a") != nil, "alphanumeric identifiers may start with 0")
    }

    @Test func everyCombinationFormsATotalOrder() {
        let versions = Self.combinations
        var failures: [String] = []
        for a in versions {
            if a < a { failures.append("irreflexive: \(a)") }
            for b in versions {
                let relations = [a < b, a == b, b < a].filter { $0 }.count
                if relations != 1 { failures.append("trichotomy: \(a) vs \(b)") }
                if a == b && a.hashValue != b.hashValue { failures.append("hash: \(a), \(b)") }
                guard a < b else { continue }
                for c in versions where b < c && !(a < c) { failures.append("transitive: \(a) < \(b) < \(c)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
        let sorted = versions.sorted()
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0 < $1 }, "distinct combinations sort strictly")
        for step in [7, 11, 13] {
            #expect(Self.permuted(versions, step: step).sorted() == sorted)
        }
    }

    @Test func buildMetadataTakesNoPartInPrecedence() throws {
        for version in Self.combinations {
            var a = version
            var b = version
            a.build = ["build", "1234567890123456789012345"]
            b.build = ["sha", "5114f85"]
            #expect(a == b && a == version)
            #expect(!(a < b) && !(b < a))
            #expect(a.hashValue == b.hashValue)
            #expect(a.description != b.description, "the text keeps the metadata")
            let parsed = try #require(SemanticVersion(a.description))
            #expect(parsed == a && parsed.build == a.build, "round trip: \(a)")
        }
    }

    // MARK: - Cases

    /// Cores that tie and differ, times pre-releases of every kind: numbers short and long, text, mixed lists.
    static let combinations: [SemanticVersion] = {
        let cores: [(UInt64, UInt64, UInt64)] = [(0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0), (1, 10, 2)]
        let prereleases: [[String]] = [
            [], ["0"], ["1"], ["2"], ["11"], ["99999999999999999999"], ["123456789012345678901234"],
            ["123456789012345678901235"], ["0a"], ["-"], ["A"], ["a"], ["alpha"], ["alpha", "1"],
            ["alpha", "123456789012345678901234567"], ["alpha", "beta"], ["beta"], ["rc", "1"], ["rc", "1", "x"],
        ]
        return cores.flatMap { core in
            prereleases.map { SemanticVersion(major: core.0, minor: core.1, patch: core.2, prerelease: $0) }
        }
    }()

    /// The elements in the order `i * step mod count` (a permutation when `step` and the count are coprime).
    static func permuted<Element>(_ elements: [Element], step: Int) -> [Element] {
        elements.indices.map { elements[($0 * step) % elements.count] }
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
