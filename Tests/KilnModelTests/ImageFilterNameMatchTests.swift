import KilnModel
import Testing

/// EC2's filter wildcards, client-side: `*` zero or more characters, `?` zero or one, a backslash for a literal.
struct ImageFilterNameMatchTests {
    static let cases: [(pattern: String, name: String, matches: Bool)] = [
        ("ubuntu-*-amd64", "ubuntu-noble-24.04-amd64", true),
        ("ubuntu-*-amd64", "ubuntu-noble-24.04-arm64", false),
        ("ubuntu-*", "ubuntu-", true),
        ("*", "", true),
        ("a?c", "abc", true),
        ("a?c", "ac", true),
        ("a?c", "abbc", false),
        ("a??", "a", true),
        ("exact", "exact", true),
        ("exact", "Exact", false),
        ("exact", "exactly", false),
        ("pre*", "xpre", false),
        (#"lit\*"#, "lit*", true),
        (#"lit\*"#, "literal", false),
        (#"q\?"#, "q?", true),
        (#"q\?"#, "q", false),
        (#"back\\"#, #"back\"#, true),
        ("a*b*c", "a-b-b-c", true),
        ("a*b*c", "a-c-b", false),
        ("**x", "x", true),
        ("ünï-*", "ünï-1", true),
    ]

    @Test(arguments: cases)
    func matchesAsEC2Does(_ example: (pattern: String, name: String, matches: Bool)) {
        let filter = ImageFilter(name: example.pattern, owners: ["self"])
        #expect(filter.matches(name: example.name) == example.matches, "\(example.pattern) ~ \(example.name)")
    }

    @Test func aLongNameAgainstManyStarsIsQuick() {
        let filter = ImageFilter(name: String(repeating: "a*", count: 40) + "b", owners: ["self"])
        #expect(!filter.matches(name: String(repeating: "a", count: 2_000)))
    }
}
