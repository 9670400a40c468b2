import Manifest
import Testing

/// `spec.distribute.copyTo[].kmsKey`: one key for every region only when every region resolves it (an alias, a
/// multi-Region key), a key id or ARN only for one region and an ARN only in its region, or a mapping naming a key
/// for each region; errors at `file:line:col`.
@Suite("The KMS key of copies in another account")
struct CopyToKeyTests {
    static let arnEast = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let arnWest = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"

    static func copyTo(regions: String, key: String) -> String {
        #"[{account: "222222222222", regions: \#(regions), kmsKey: \#(key)}]"#
    }

    @Test(arguments: [
        ("[eu-west-1, us-east-1]", "alias/kiln-b", ["eu-west-1": "alias/kiln-b", "us-east-1": "alias/kiln-b"]),
        ("[us-east-1]", arnEast, ["us-east-1": arnEast]),
        ("[us-east-1]", "1234abcd-12ab-34cd-56ef-1234567890ab", ["us-east-1": "1234abcd-12ab-34cd-56ef-1234567890ab"]),
        (
            "[eu-west-1, us-east-1]", "{eu-west-1: \(arnWest), us-east-1: alias/kiln-b}",
            ["eu-west-1": arnWest, "us-east-1": "alias/kiln-b"]
        ),
    ])
    func decodesAKeyPerRegion(regions: String, key: String, expected: [String: String]) throws {
        let loaded = CopyToTests.load(CopyToTests.manifest(copyTo: Self.copyTo(regions: regions, key: key)))
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let copy = try #require(loaded.image(named: "web")?.spec.distribute.copyTo.first)
        #expect(copy.kmsKeys == expected)
    }

    @Test func withoutAKeyTheAccountsDefaultKeyIsUsed() throws {
        let loaded = CopyToTests.load(CopyToTests.manifest(copyTo: CopyToTests.copyTo))
        #expect(try #require(loaded.image(named: "web")?.spec.distribute.copyTo.first).kmsKeys == nil)
    }

    @Test(arguments: [
        // (copyTo, line:col, words)
        (copyTo(regions: "[eu-west-1, us-east-1]", key: arnEast), "16:81", ["kmsKey", "KMS keys are regional"]),
        (copyTo(regions: "[eu-west-1]", key: arnEast), "16:70", ["kmsKey", "us-east-1", "not eu-west-1"]),
        (copyTo(regions: "[eu-west-1, us-east-1]", key: "{eu-west-1: \(arnWest)}"), "16:81", ["no key for us-east-1"]),
        (
            copyTo(regions: "[eu-west-1]", key: "{eu-west-1: \(arnWest), us-west-2: alias/x}"), "16:159",
            ["unknown key 'us-west-2'"]
        ),
        (copyTo(regions: "[eu-west-1]", key: "{eu-west-1: \(arnEast)}"), "16:82", ["kmsKey.eu-west-1", "us-east-1"]),
        (copyTo(regions: "[eu-west-1]", key: "kiln"), "16:70", ["kmsKey", "alias/NAME"]),
    ])
    func refusedAtTheValue(copyTo: String, position: String, words: [String]) {
        let loaded = CopyToTests.load(CopyToTests.manifest(copyTo: copyTo))
        #expect(loaded.images.isEmpty, "the image is invalid")
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        let match = errors.first { "\($0.line):\($0.column)" == position }
        #expect(match != nil, "\(errors.map { "\($0.line):\($0.column): \($0.message)" })")
        for word in words {
            #expect(match?.message.contains(word) == true, "\(word) in \(match?.message ?? "-")")
        }
    }
}
