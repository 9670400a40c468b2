import Foundation
import Testing

@testable import Planner

// MARK: - Staged retirement and deregistration protection, by example

@Suite struct RetirementTests {
    /// Versions 1.0.0 … 1.5.0 (see `PruneTests.history`): with keep 3 and 1.0.0 pinned, 1.1.0 (ami-101) and 1.2.0
    /// (ami-102) are what retention would prune.
    static let history = PruneTests.history.map { ami -> ObservedImage in
        var ami = ami
        if ami.id == "ami-100" { ami.deregistrationProtection = true }
        return ami
    }

    func image(_ retention: Retention, version: String = "1.5.0") -> DesiredImage {
        Fixture.image(version: version, retention: retention)
    }

    func staged(disableAfter: ManifestDuration? = nil, deleteAfter: ManifestDuration? = nil) -> Retention {
        Retention(
            keep: 3, pinned: [Fixture.version("1.0.0")], disableAfter: disableAfter, deleteAfter: deleteAfter)
    }

    func planned(_ image: DesiredImage, _ images: [ObservedImage], instances: [ObservedInstance] = []) -> Plan {
        plan(
            desired: Fixture.desired([image]), actual: Fixture.actual(images: images, instances: instances),
            now: Fixture.now, configuration: PlannerConfiguration())
    }

    /// `images` with these AMIs disabled `daysAgo` (a nil time: disabled without the tag).
    func disabled(_ ids: [String: Double?], in images: [ObservedImage] = Self.history) -> [ObservedImage] {
        images.map { ami in
            var ami = ami
            guard let daysAgo = ids[ami.id] else { return ami }
            ami.state = .disabled
            if let daysAgo {
                ami.tags[KilnTag.disabledAt] = KilnNames.timestamp(
                    Fixture.now.addingTimeInterval(-daysAgo * Fixture.day))
            }
            return ami
        }
    }

    // MARK: - Stages

    @Test func withoutStagesPruningIsUnchanged() {
        let plan = planned(image(Retention(keep: 3, pinned: [Fixture.version("1.0.0")])), Self.history)
        #expect(plan.actions.compactMap(\.kind.deregisteredImage) == ["ami-101", "ami-102"])
        #expect(plan.actions("disableImage").isEmpty)
    }

    @Test func aVersionRetentionWouldPruneIsDisabledFirst() throws {
        let plan = planned(image(staged(deleteAfter: .days(7))), Self.history)
        #expect(plan.actions.compactMap(\.kind.disabledImage) == ["ami-101", "ami-102"])
        #expect(plan.actions.compactMap(\.kind.deregisteredImage).isEmpty)
        let action = try #require(plan.actions("disableImage").first)
        #expect(action.reason.hasPrefix("staged retirement: not the desired version 1.5.0, not pinned"))
        #expect(plan.text.contains("~ disable ami-101 of app 1.1.0 in us-east-1: staged retirement"))
        #expect(plan.markdown.contains("disable ami-101 of app 1.1.0 in us-east-1"))
        let kept = plan.report("app")?.kept.first { $0.version == "1.1.0" }
        #expect(kept?.reasons == ["ami-101 is disabled first"])
    }

    @Test func disableAfterCountsFromTheDeprecationTimeOrTheCreation() {
        // 40 and 41 days old: disableAfter 60d is not yet due.
        let early = planned(image(staged(disableAfter: .days(60))), Self.history)
        #expect(early.actions("disableImage").isEmpty)
        #expect(
            early.report("app")?.kept.first { $0.version == "1.1.0" }?.reasons.first?.hasPrefix(
                "ami-101 is disabled only at") == true)
        // Deprecated 10 days ago: disableAfter 5d has passed for ami-101 only.
        let deprecated = Self.history.map { ami -> ObservedImage in
            var ami = ami
            if ami.id == "ami-101" { ami.deprecationTime = Fixture.now.addingTimeInterval(-10 * Fixture.day) }
            if ami.id == "ami-102" { ami.deprecationTime = Fixture.now.addingTimeInterval(-1 * Fixture.day) }
            return ami
        }
        let plan = planned(image(staged(disableAfter: .days(5))), deprecated)
        #expect(plan.actions.compactMap(\.kind.disabledImage) == ["ami-101"])
    }

    @Test func aDisabledVersionIsDeregisteredOnlyDeleteAfterItWasDisabled() throws {
        let retention = staged(deleteAfter: .days(7))
        let recent = planned(image(retention), disabled(["ami-101": 2, "ami-102": 8]))
        #expect(recent.actions.compactMap(\.kind.deregisteredImage) == ["ami-102"])
        #expect(recent.actions("disableImage").isEmpty)
        let kept = try #require(recent.report("app")?.kept.first { $0.version == "1.1.0" })
        #expect(kept.reasons.first?.hasPrefix("ami-101 is disabled and deregistered only at") == true)
        let candidate = try #require(recent.report("app")?.pruneCandidates.first)
        #expect(candidate.reason.contains("disabled since"))
    }

    @Test func withoutDeleteAfterADisabledVersionStays() {
        let plan = planned(image(staged(disableAfter: .days(1))), disabled(["ami-101": 300, "ami-102": 300]))
        #expect(plan.actions.compactMap(\.kind.deregisteredImage).isEmpty)
        #expect(
            plan.report("app")?.kept.first { $0.version == "1.1.0" }?.reasons
                == ["ami-101 is disabled; retention.deleteAfter is not set"])
    }

    @Test func aDisabledAMIWithoutARecordedTimeGetsOneAndIsNotDeregistered() {
        let plan = planned(image(staged(deleteAfter: .days(1))), disabled(["ami-101": nil]))
        #expect(plan.actions.compactMap(\.kind.disabledImage) == ["ami-101", "ami-102"])
        #expect(plan.actions.compactMap(\.kind.deregisteredImage).isEmpty)
    }

    @Test func aVersionInUseIsNeitherDisabledNorDeregistered() {
        let instance = ObservedInstance(
            id: "i-1", region: Fixture.east, state: .running, imageId: "ami-101", launchTime: Fixture.now)
        let fresh = planned(image(staged(deleteAfter: .days(1))), Self.history, instances: [instance])
        #expect(fresh.actions.compactMap(\.kind.disabledImage) == ["ami-102"])
        let old = planned(
            image(staged(deleteAfter: .days(1))), disabled(["ami-101": 9, "ami-102": 9]), instances: [instance])
        #expect(old.actions.compactMap(\.kind.deregisteredImage) == ["ami-102"])
    }

    @Test func anotherOwnersAMIIsNeverDisabled() {
        let foreign = Self.history.map { ami -> ObservedImage in
            ami.id == "ami-101"
                ? Fixture.ami("ami-101", "app", "1.1.0", age: 45 * Fixture.day, owner: StateGenerator.other) : ami
        }
        let plan = planned(image(staged(deleteAfter: .days(1))), foreign)
        #expect(plan.actions.compactMap(\.kind.disabledImage) == ["ami-102"])
    }

    // MARK: - Re-enabling

    @Test func aDisabledVersionThatIsDesiredAgainIsReEnabled() {
        let plan = planned(image(staged(deleteAfter: .days(7)), version: "1.2.0"), disabled(["ami-102": 1]))
        let enable = plan.actions("enableImage")
        #expect(enable.map(\.kind) == [.enableImage(imageId: "ami-102")])
        #expect(enable.first?.reason == "1.2.0 is desired again")
        #expect(plan.actions.compactMap(\.kind.deregisteredImage).isEmpty)
    }

    // MARK: - Deregistration protection

    @Test func pinnedVersionsAreProtectedAndUnpinnedOnesLoseIt() {
        let unprotected = PruneTests.history
        let first = planned(image(Retention(keep: 3, pinned: [Fixture.version("1.0.0")])), unprotected)
        #expect(
            first.actions("setDeregistrationProtection").map(\.kind)
                == [.setDeregistrationProtection(imageId: "ami-100", enabled: true)])
        #expect(first.actions.compactMap(\.kind.deregisteredImage) == ["ami-101", "ami-102"])

        let protected = planned(image(Retention(keep: 3, pinned: [Fixture.version("1.0.0")])), Self.history)
        #expect(protected.actions("setDeregistrationProtection").isEmpty)

        // 1.0.0 unpinned: protection is removed first, and it is not pruned while protected.
        let unpinned = planned(image(Retention(keep: 3)), Self.history)
        #expect(
            unpinned.actions("setDeregistrationProtection").map(\.kind)
                == [.setDeregistrationProtection(imageId: "ami-100", enabled: false)])
        #expect(unpinned.actions.compactMap(\.kind.deregisteredImage) == ["ami-101", "ami-102"])
        #expect(
            unpinned.report("app")?.kept.first { $0.version == "1.0.0" }?.reasons
                == ["ami-100 has deregistration protection"])
    }

    // MARK: - Over cycles

    @Test func disableThenDeleteOverCycles() {
        let retention = staged(deleteAfter: .days(7))
        var cloud = CloudSimulator(state: Fixture.actual(images: Self.history), now: Fixture.now)
        func cycle() -> Plan {
            plan(
                desired: Fixture.desired([image(retention)]), actual: cloud.state, now: cloud.now,
                configuration: PlannerConfiguration())
        }
        let first = cycle()
        #expect(first.actions.compactMap(\.kind.disabledImage) == ["ami-101", "ami-102"])
        cloud.apply(first)
        cloud.tick(3 * Fixture.day)
        let waiting = cycle()
        #expect(waiting.actions.filter { !$0.kind.isInformational }.isEmpty)
        cloud.tick(5 * Fixture.day)
        let delete = cycle()
        #expect(delete.actions.compactMap(\.kind.deregisteredImage) == ["ami-101", "ami-102"])
    }
}
