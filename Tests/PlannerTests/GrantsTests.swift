import Foundation
import Testing

@testable import Planner

// MARK: - Tags and launch permissions Kiln applied: recorded, removed, revoked

@Suite struct GrantsTests {
    static let partner = "210987654321"
    static let other = "333344445555"

    func image(tags: [String: String] = ["team": "test"], accounts: [String] = [partner]) -> DesiredImage {
        var image = Fixture.image(accounts: accounts)
        image.tags = tags
        return image
    }

    func planned(_ actual: ActualState, _ image: DesiredImage) -> Plan {
        plan(desired: Fixture.desired([image]), actual: actual, now: Fixture.now)
    }

    let finished = Fixture.builder("i-1", state: .terminated, phase: "imaging")

    @Test func aTagKeyRemovedFromTheManifestIsRemovedFromTheAMIAndItsSnapshots() throws {
        let ami = Fixture.ami(
            "ami-1", accounts: [Self.partner], specTags: ["team": "test", "cost-center": "42"])
        let hand = { () -> ObservedImage in
            var ami = ami
            ami.tags["backup"] = "daily"  // added by someone else: not recorded, stays
            return ami
        }()
        let plan = planned(Fixture.actual(images: [hand], instances: [finished]), image())
        let untag = try #require(plan.actions.first { $0.kind.caseName == "untagImage" })
        guard case .untagImage(let id, let snapshots, let keys) = untag.kind else { return }
        #expect(id == "ami-1")
        #expect(snapshots == ["snap-ami-1"])
        #expect(keys == ["cost-center"])
        let retag = try #require(plan.actions.first { $0.kind.caseName == "tagImage" })
        guard case .tagImage(_, _, let tags) = retag.kind else { return }
        #expect(tags == [KilnTag.tagKeys: "team"])
        let order = plan.kinds
        #expect(order.firstIndex(of: "untagImage")! < order.firstIndex(of: "tagImage")!)
    }

    @Test func anAccountRemovedFromDistributeIsRevokedOnEveryAMIKilnSharedWithIt() throws {
        let amis = [
            Fixture.ami("ami-old", "app", "0.9.0", age: 3 * Fixture.day, accounts: [Self.partner, Self.other]),
            Fixture.ami("ami-1", accounts: [Self.partner, Self.other]),
        ]
        let plan = planned(Fixture.actual(images: amis, instances: [finished]), image(accounts: [Self.partner]))
        let revoked = plan.actions.compactMap { action -> (String, [String])? in
            guard case .unshareImage(let id, _, let accounts) = action.kind else { return nil }
            return (id, accounts)
        }
        #expect(revoked.map(\.0).sorted() == ["ami-1", "ami-old"])
        #expect(revoked.allSatisfy { $0.1 == [Self.other] })
    }

    @Test func anAMISharedByHandIsKeptWithThatReason() throws {
        var old = Fixture.ami("ami-old", "app", "0.9.0", age: 90 * Fixture.day)
        old.launchPermissionAccounts = [Self.other]
        let current = Fixture.ami("ami-1", accounts: [Self.partner])
        var image = image()
        image.retention = Retention(keep: 1, minAge: ManifestDuration(seconds: 0))
        let plan = planned(Fixture.actual(images: [old, current], instances: [finished]), image)
        #expect(!plan.actions.contains { $0.kind.deregisteredImage == "ami-old" }, "\(plan.text)")
        let kept = try #require(plan.report("app")?.kept.first { $0.version == "0.9.0" })
        #expect(kept.reasons.contains { $0.contains("shared with \(Self.other), which Kiln did not grant") })

        old.tags.merge(KilnRecord.tags([Self.other], key: KilnTag.sharedWith)) { $1 }
        let recorded = planned(Fixture.actual(images: [old, current], instances: [finished]), image)
        #expect(recorded.actions.contains { $0.kind.caseName == "unshareImage" })
    }

    @Test func recordsStayUnderTheTagValueLimit() {
        let accounts = Set((0..<40).map { String(format: "%012d", 100_000_000_000 + $0) })
        let tags = KilnRecord.tags(accounts, key: KilnTag.sharedWith)
        #expect(tags.count == 3)
        #expect(tags.values.allSatisfy { $0.count <= KilnRecord.valueLimit })
        #expect(KilnRecord.values(in: tags, key: KilnTag.sharedWith) == accounts)
        #expect(KilnRecord.keys(in: tags.merging(["other": "x"]) { $1 }, key: KilnTag.sharedWith) == Set(tags.keys))
        #expect(KilnRecord.values(in: [:], key: KilnTag.sharedWith) == nil)
        #expect(KilnRecord.tags([], key: KilnTag.tagKeys) == [KilnTag.tagKeys: ""])
    }
}
