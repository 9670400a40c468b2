import Foundation
import Testing

@testable import Planner

/// The first copy into another account is encrypted with the key its `copyTo` entry names for that region, and
/// with the account's default key otherwise (never the home account's `rootVolume.kmsKey`).
@Suite struct AccountCopiesKeyTests {
    static func copy(keys: [String: String]?) throws -> CopyImage {
        var image = AccountCopiesTests.image()
        image.build.rootVolume = RootVolume(encrypted: true, kmsKey: "alias/home-key")
        image.distribute.copyTo = [
            AccountCopy(account: AccountCopiesTests.target, regions: [Fixture.west, Fixture.east], kmsKeys: keys)
        ]
        let ami = Fixture.ami("ami-home", accounts: [AccountCopiesTests.target])
        let actions = AccountCopiesTests.plan(
            image: image, home: AccountCopiesTests.home([ami]), target: AccountCopiesTests.target())
        guard case .copyImage(let copy)? = actions.first?.kind else {
            Issue.record("\(actions)")
            throw CancellationError()
        }
        return copy
    }

    @Test func theEntrysKeyForTheFirstRegion() throws {
        let copy = try Self.copy(keys: [Fixture.west: "alias/kiln-b-west", Fixture.east: "alias/kiln-b-east"])
        #expect(copy.kmsKeyId == "alias/kiln-b-west")
        #expect(copy.encrypted)
    }

    @Test func withoutOneTheAccountsDefaultKey() throws {
        let copy = try Self.copy(keys: nil)
        #expect(copy.kmsKeyId == nil, "the home account's key is not the target's")
        #expect(copy.encrypted)
    }
}
