import Foundation
import Testing

@testable import Planner

/// The first copy into another account: only once the AMI is available in the build region and shared with the
/// account, only where that account was observed, never twice, never for a retired image.
@Suite struct AccountCopiesTests {
    static let target = "222222222222"

    static func image(retired: Bool = false) -> DesiredImage {
        var image = Fixture.image(retired: retired)
        image.distribute.copyTo = [AccountCopy(account: target, regions: [Fixture.west, Fixture.east])]
        image.distribute.accounts = [target]
        return image
    }

    static func home(_ amis: [ObservedImage]) -> ActualState {
        ActualState(observedRegions: [Fixture.east], images: amis, accountId: Fixture.account)
    }

    static func target(_ amis: [ObservedImage] = [], failed: Set<String> = []) -> ActualState {
        var copies = amis
        for index in copies.indices { copies[index].ownerId = target }
        return ActualState(
            observedRegions: [Fixture.east, Fixture.west], failedRegions: failed, images: copies, accountId: target)
    }

    static func plan(image: DesiredImage = image(), home: ActualState, target: ActualState) -> [Action] {
        AccountCopies.plan(account: Self.target, desired: Fixture.desired([image]), home: home, target: target)
    }

    @Test func copiesTheSharedAMIIntoTheFirstRegion() throws {
        let ami = Fixture.ami("ami-home", accounts: [Self.target])
        let actions = Self.plan(home: Self.home([ami]), target: Self.target())
        let action = try #require(actions.first)
        #expect(actions.count == 1)
        #expect(action.region == Fixture.west)
        guard case .copyImage(let copy) = action.kind else {
            Issue.record("\(action.kind)")
            return
        }
        #expect(copy.sourceImageId == "ami-home")
        #expect(copy.sourceRegion == Fixture.east)
        #expect(copy.name == ami.name)
        #expect(copy.tags[KilnTag.owner] == Fixture.owner)
        #expect(copy.tags[KilnTag.sharedWith] == nil, "what home shared is not the copy's")
        #expect(action.reason.hasPrefix("account \(Self.target):"))
    }

    @Test func waitsUntilTheAMIIsSharedAvailableAndTheRegionKnown() {
        let unshared = Fixture.ami("ami-home")
        let pending = Fixture.ami("ami-home", state: .pending, accounts: [Self.target])
        let shared = Fixture.ami("ami-home", accounts: [Self.target])
        for (home, target) in [
            (Self.home([unshared]), Self.target()), (Self.home([pending]), Self.target()),
            (Self.home([]), Self.target()), (Self.home([shared]), Self.target(failed: [Fixture.west])),
        ] {
            let kinds = Self.plan(home: home, target: target).map(\.kind)
            #expect(kinds.count == 1)
            #expect(kinds.allSatisfy { $0.isInformational }, "\(kinds)")
        }
    }

    @Test func nothingOnceTheCopyExistsOrForARetiredImage() {
        let shared = Fixture.ami("ami-home", accounts: [Self.target])
        let copy = Fixture.ami("ami-copy", region: Fixture.west)
        #expect(Self.plan(home: Self.home([shared]), target: Self.target([copy])).isEmpty)
        #expect(Self.plan(image: Self.image(retired: true), home: Self.home([shared]), target: Self.target()).isEmpty)
    }

    @Test func aLookAlikeInTheTargetIsNotTheCopy() throws {
        let shared = Fixture.ami("ami-home", accounts: [Self.target])
        var lookAlike = Fixture.ami("ami-hand", region: Fixture.west)
        lookAlike.name = "hand-made"
        let actions = Self.plan(home: Self.home([shared]), target: Self.target([lookAlike]))
        guard case .copyImage? = actions.first?.kind else {
            Issue.record("a hand-made AMI with Kiln's tags does not count as the copy: \(actions)")
            return
        }
    }
}
