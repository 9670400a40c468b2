import Foundation
import Testing

@testable import Planner

/// Another account's failed attempts hold its actions back by the bake's backoff, and for good after the last
/// attempt; a record of another version, or an image with nothing to do there, holds nothing.
@Suite struct AccountRetryTests {
    static let account = "222222222222"

    static func image() -> DesiredImage {
        var image = Fixture.image()
        image.distribute.copyTo = [AccountCopy(account: account, regions: [Fixture.west])]
        image.build.maxAttempts = 3
        return image
    }

    static func copy(_ image: DesiredImage) -> Action {
        let copy = CopyImage(
            sourceImageId: "ami-home", sourceRegion: Fixture.east, name: "kiln/app", description: "copy", tags: [:],
            encrypted: true, kmsKeyId: nil, clientToken: ClientToken(input: "token"))
        return Action(
            .copyImage(copy: copy), reason: "account \(account): copy", image: image.name, version: image.version,
            region: Fixture.west)
    }

    static func gate(_ actions: [Action], _ records: [BakeFailureRecord], image: DesiredImage = image())
        -> (actions: [Action], holds: [AccountRetry.Hold])
    {
        AccountRetry.gate(
            actions, account: account, failures: records, desired: Fixture.desired([image]),
            configuration: PlannerConfiguration(), now: Fixture.now)
    }

    static func record(attempts: Int, ago: TimeInterval, image: DesiredImage = image()) -> BakeFailureRecord {
        BakeFailureRecord(
            image: image.name, version: image.version, recipe: image.recipe, attempts: attempts,
            lastError: "CopyImage failed: AccessDenied", lastStep: "copyImage", lastFailureAt: Fixture.now - ago)
    }

    @Test(arguments: [
        // (attempts, seconds ago, held, stalled)
        (1, 1.0, true, false), (1, 100_000.0, false, false), (2, 10.0, true, false), (3, 10.0, true, true),
        (3, 10_000_000.0, true, true), (4, 1.0, true, true),
    ])
    func holdsByTheBakesBackoffAndLimit(attempts: Int, ago: Double, held: Bool, stalled: Bool) throws {
        let image = Self.image()
        let backoff = PlannerConfiguration().backoff(afterFailures: attempts)
        let (actions, holds) = Self.gate([Self.copy(image)], [Self.record(attempts: attempts, ago: ago)])
        #expect(!holds.isEmpty == held, "backoff \(backoff)s, \(ago)s ago")
        if held {
            let hold = try #require(holds.first)
            #expect(hold.stalled == stalled)
            #expect(hold.message.hasPrefix("account \(Self.account):"))
            #expect(actions.count == 1)
            #expect(actions.allSatisfy { $0.kind.isInformational }, "no call while held: \(actions)")
            if stalled {
                #expect(hold.retryAt == nil && hold.message.contains("change the manifest to retry"))
            } else {
                #expect(hold.retryAt == Fixture.now - ago + backoff)
            }
        } else {
            #expect(actions == [Self.copy(image)])
        }
    }

    @Test func anotherVersionsRecordOrNothingToDoHoldsNothing() {
        let image = Self.image()
        var other = Self.record(attempts: 3, ago: 1)
        other.version = Fixture.version("0.9.0")
        #expect(Self.gate([Self.copy(image)], [other]).holds.isEmpty)
        var recipe = Self.record(attempts: 3, ago: 1)
        recipe.recipe = Fixture.recipe("bbbb2222")
        #expect(Self.gate([Self.copy(image)], [recipe]).holds.isEmpty)
        let wait = Action(
            .wait(for: "x", until: nil), reason: "x", image: image.name, version: image.version, region: Fixture.west)
        let (actions, holds) = Self.gate([wait], [Self.record(attempts: 3, ago: 1)])
        #expect(holds.isEmpty && actions == [wait], "an image with nothing to do there is not reported as held")
    }
}
