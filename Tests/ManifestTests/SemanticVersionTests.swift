import Manifest
import Testing

@Suite("SemanticVersion")
struct SemanticVersionTests {
    /// The ordering example of the SemVer 2.0.0 specification (item 11), then core-version steps.
    static let ascending = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
        "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "1.10.0", "2.0.0", "2.1.0", "2.1.1", "10.0.0",
    ]

    @Test func specificationOrdering() throws {
        let versions = try Self.ascending.map { try #require(SemanticVersion($0)) }
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower), "\(higher) < \(lower)")
        }
        #expect(versions.shuffled().sorted() == versions)
    }

    @Test(arguments: [
        ("0.0.0", "0.0.0"), ("1.4.2", "1.4.2"), ("1.0.0-0.3.7", "1.0.0-0.3.7"),
        ("1.0.0-x.7.z.92", "1.0.0-x.7.z.92"), ("1.0.0-x-y-z.--", "1.0.0-x-y-z.--"),
        ("1.0.0-alpha+001", "1.0.0-alpha+001"), ("1.0.0+20130313144700", "1.0.0+20130313144700"),
        ("1.0.0-beta+exp.sha.5114f85", "1.0.0-beta+exp.sha.5114f85"),
        ("1.0.0+21AF26D3----117B344092BD", "1.0.0+21AF26D3----117B344092BD"),
        ("18446744073709551615.0.0", "18446744073709551615.0.0"),
    ])
    func parsesValidVersions(_ text: String, _ description: String) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.description == description)
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "v1.2.3", "1.2.3-", "1.2.3+", "1.2.3-01",
        "1.2.3-alpha..1", "1.2.3+a..b", "1.2.3-al_pha", "1.2.-3", " 1.2.3", "1.2.3 ", "18446744073709551616.0.0",
        "1.2.3-ä", "+1.2.3",
    ])
    func rejectsInvalidVersions(_ text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func buildMetadataIsIgnoredForPrecedenceAndEquality() throws {
        let a = try #require(SemanticVersion("1.0.0+a"))
        let b = try #require(SemanticVersion("1.0.0+b"))
        #expect(a == b)
        #expect(!(a < b) && !(b < a))
        #expect(Set([a, b]).count == 1)
        #expect(a.description != b.description)
    }

    @Test func numericIdentifiersCompareNumericallyAndBelowAlphanumeric() throws {
        let pairs = [
            ("1.0.0-2", "1.0.0-10"), ("1.0.0-999", "1.0.0-a"), ("1.0.0-A", "1.0.0-a"), ("1.0.0-a", "1.0.0-a.0"),
        ]
        for (lower, higher) in pairs {
            #expect(try #require(SemanticVersion(lower)) < #require(SemanticVersion(higher)), "\(lower) < \(higher)")
        }
    }
}
