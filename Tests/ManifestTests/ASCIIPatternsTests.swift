import Testing

@testable import Manifest

/// The byte-by-byte matchers answer exactly what the rules' regular expressions answer, for ASCII text.
@Suite struct ASCIIPatternsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var regex: @Sendable (String) -> Bool
        var bytes: @Sendable (String) -> Bool?
        var samples: [String]
        var testDescription: String { name }
    }

    /// The KMS rule as it reads with regular expressions only.
    static func kmsRegex(_ key: String) -> Bool {
        if key.wholeMatch(of: Pattern.kmsKeyID) != nil || key.wholeMatch(of: Pattern.kmsAlias) != nil { return true }
        guard let match = key.wholeMatch(of: Pattern.kmsARN) else { return false }
        let resource = String(match.output.2)
        return resource.hasPrefix("alias/")
            ? resource.wholeMatch(of: Pattern.kmsAlias) != nil
            : String(resource.dropFirst(4)).wholeMatch(of: Pattern.kmsKeyID) != nil
    }

    static let cases: [Case] = [
        Case(
            name: "region", regex: { $0.wholeMatch(of: Pattern.region) != nil }, bytes: ASCIIPatterns.region,
            samples: ["us-east-1", "us-gov-west-1", "us-gov-1", "eu-central-12", "cn-north-1", "xx-east-1"]),
        Case(
            name: "instanceType", regex: { $0.wholeMatch(of: Pattern.instanceType) != nil },
            bytes: ASCIIPatterns.instanceType, samples: ["t3.small", "m7g-flex.large", "u-6tb1.metal", "t3..small"]),
        Case(
            name: "amiID", regex: { $0.wholeMatch(of: Pattern.amiID) != nil },
            bytes: { ASCIIPatterns.resourceID($0, prefix: "ami-") },
            samples: ["ami-0123abcd", "ami-0123456789abcdef0", "ami-0123456789abcdef"]),
        Case(
            name: "subnet", regex: { $0.wholeMatch(of: Pattern.subnet) != nil },
            bytes: { ASCIIPatterns.resourceID($0, prefix: "subnet-") }, samples: ["subnet-0123abcd", "subnet-"]),
        Case(
            name: "securityGroup", regex: { $0.wholeMatch(of: Pattern.securityGroup) != nil },
            bytes: { ASCIIPatterns.resourceID($0, prefix: "sg-") }, samples: ["sg-0123456789abcdef0", "sg-0123abcd"]),
        Case(
            name: "instanceProfile",
            regex: {
                $0.wholeMatch(of: Pattern.instanceProfileName) != nil
                    || $0.wholeMatch(of: Pattern.instanceProfileARN) != nil
            },
            bytes: ASCIIPatterns.instanceProfile,
            samples: [
                "kiln-builder", "arn:aws:iam::123456789012:instance-profile/kiln/builder",
                "arn:aws-us-gov:iam::123456789012:instance-profile/x", String(repeating: "a", count: 128),
            ]),
        Case(
            name: "kmsKey", regex: kmsRegex, bytes: ASCIIPatterns.kmsKey,
            samples: [
                "alias/kiln", "0123abcd-0123-4567-89ab-0123456789ab", "mrk-0123456789abcdef0123456789abcdef",
                "arn:aws:kms:us-east-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab",
                "arn:aws:kms:us-east-1:123456789012:alias/kiln", "arn:aws-cn:kms:cn-north-1:123456789012:key/x",
            ]),
        Case(
            name: "accountID", regex: { $0.wholeMatch(of: Pattern.accountID) != nil }, bytes: ASCIIPatterns.accountID,
            samples: ["123456789012", "12345678901"]),
        Case(
            name: "launchTemplateName", regex: { $0.wholeMatch(of: Pattern.launchTemplateName) != nil },
            bytes: ASCIIPatterns.launchTemplateName, samples: ["attendance-api", "a(b).c/d_e", "ab"]),
        Case(
            name: "ssmParameter", regex: { $0.wholeMatch(of: Pattern.ssmParameter) != nil },
            bytes: ASCIIPatterns.ssmParameter, samples: ["/kiln/attendance-api/ami", "/", "kiln/x"]),
    ]

    /// Bytes the mutations insert or substitute: every class boundary of the patterns, and CR LF.
    static let alphabet = Array("azAZ09fg-._/:()+=,@ \r\n\t~".utf8)

    @Test(arguments: cases)
    func agreesWithTheRegularExpression(_ pattern: Case) throws {
        var generator = SplitMix(seed: 0x6B69_6C6E)
        var checked = 0
        for sample in pattern.samples {
            var variants = [sample, "", sample + sample, String(sample.dropLast()), String(sample.dropFirst())]
            for _ in 0..<400 {
                var bytes = Array(sample.utf8)
                for _ in 0...(generator.next() % 3) {
                    let byte = Self.alphabet[Int(generator.next() % UInt64(Self.alphabet.count))]
                    let index = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 3 {
                    case 0 where !bytes.isEmpty: bytes[index] = byte
                    case 1 where !bytes.isEmpty: bytes.remove(at: index)
                    default: bytes.insert(byte, at: index)
                    }
                }
                variants.append(String(decoding: bytes, as: UTF8.self))
            }
            for variant in variants {
                let answer = try #require(pattern.bytes(variant), "ASCII text must be answered: \(variant)")
                #expect(answer == pattern.regex(variant), "\(pattern.name): '\(variant)'")
                checked += 1
            }
        }
        #expect(checked == pattern.samples.count * 405)
    }

    @Test func nonASCIITextIsLeftToTheRegularExpression() {
        #expect(ASCIIPatterns.region("us-east-1\u{301}") == nil)
        #expect(ASCIIPatterns.accountID("12345678901\u{0663}") == nil)
        #expect(Rule.region.test("us-east-1") == true)
    }
}

/// A small deterministic generator (SplitMix64), so a failure repeats.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
