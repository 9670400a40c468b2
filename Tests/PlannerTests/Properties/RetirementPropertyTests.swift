import Foundation
import Testing

@testable import Planner

// MARK: - Property tests: staged retirement obeys every prune safety rule

@Suite struct RetirementPropertyTests {
    /// The prune corpus with staged retention on every manifest, some AMIs disabled (most with a recorded time) and
    /// some with deregistration protection.
    static let corpus: [(world: GeneratedWorld, plan: Plan)] = {
        var rng = SeededRandom(seed: 0xD15A_B1ED)
        return PrunePropertyTests.corpus.map { world, _ in
            var staged = world
            stage(&staged, rng: &rng)
            return (staged, PrunePropertyTests.planned(staged))
        }
    }()

    static func stage(_ world: inout GeneratedWorld, rng: inout SeededRandom) {
        for index in world.desired.images.indices {
            var retention = world.desired.images[index].retention
            retention.disableAfter = rng.chance(0.5) ? .days(rng.int(0...10)) : nil
            retention.deleteAfter = rng.chance(0.8) ? .days(rng.int(1...10)) : nil
            if !retention.isStaged { retention.deleteAfter = .days(1) }
            world.desired.images[index].retention = retention
        }
        for index in world.actual.images.indices {
            if world.actual.images[index].state == .available && rng.chance(0.3) {
                world.actual.images[index].state = .disabled
                if rng.chance(0.85) {
                    let at = Fixture.now.addingTimeInterval(-Double(rng.int(0...20)) * Fixture.day)
                    world.actual.images[index].tags[KilnTag.disabledAt] = KilnNames.timestamp(at)
                }
            }
            world.actual.images[index].deregistrationProtection = rng.chance(0.15)
        }
    }

    func ami(_ id: String, in world: GeneratedWorld) -> ObservedImage? {
        world.actual.images.first { $0.id == id }
    }

    func manifest(of ami: ObservedImage, in world: GeneratedWorld) -> DesiredImage? {
        world.desired.images.first { $0.name == ami.tags[KilnTag.image] }
    }

    /// Every rule that keeps an AMI from deregistration keeps it from DisableImage too, and holds for the
    /// deregistrations of disabled versions.
    @Test(arguments: SafetyRule.allCases)
    func noDisableOrDeregistrationBreaksARule(_ rule: SafetyRule) {
        var disables = 0
        for (world, plan) in Self.corpus {
            let check = SafetyCheck(world: world, plan: plan)
            let broken = check.violations(of: rule)
            #expect(broken.isEmpty, "\(rule): \(broken)\n\(plan.text)")
            if !broken.isEmpty { return }
            disables += check.disabled.count
        }
        #expect(disables > Self.corpus.count / 10, "too few generated worlds disable anything: \(disables)")
    }

    /// A deregistration under staged retention targets only an AMI that is disabled, unprotected, and was
    /// disabled (by the recorded time) at least `deleteAfter` ago.
    @Test func deregistrationComesOnlyDeleteAfterTheRecordedDisabling() {
        var deregistrations = 0
        for (world, plan) in Self.corpus {
            let check = SafetyCheck(world: world, plan: plan)
            for target in check.deregistered where !check.isPartialOfDesiredBake(target) {
                let image = ami(target.id, in: world)
                let retention = image.flatMap { manifest(of: $0, in: world) }?.retention
                let since = image.flatMap { KilnNames.date(fromTimestamp: $0.tags[KilnTag.disabledAt]) }
                let ready =
                    image?.state == .disabled && image?.deregistrationProtection == false
                    && since.flatMap { since in
                        retention?.deleteAfter.map { since.addingTimeInterval($0.timeInterval) <= Fixture.now }
                    } == true
                #expect(ready, "\(target.id) deregistered before its time\n\(plan.text)")
                if !ready { return }
                deregistrations += 1
            }
        }
        #expect(deregistrations > Self.corpus.count / 40, "too few deregistrations: \(deregistrations)")
    }

    /// Protection follows `retention.pinned`: added to every AMI of ours of a pinned version, removed only from
    /// AMIs whose version is not pinned, and never touched on another owner's AMI.
    @Test func deregistrationProtectionFollowsPinning() {
        var protections = 0
        for (world, plan) in Self.corpus {
            for action in plan.actions {
                guard case .setDeregistrationProtection(let id, let enabled) = action.kind else { continue }
                let image = ami(id, in: world)
                let pinned = image.flatMap { ami in
                    ami.tags.kilnVersion.flatMap { version in
                        manifest(of: ami, in: world)?.retention.pinned.contains(version)
                    }
                }
                #expect(pinned == enabled, "\(action.summary)\n\(plan.text)")
                #expect(image?.tags[KilnTag.owner] == world.desired.owner, "\(action.summary)")
                protections += 1
            }
            let planned = Set(
                plan.actions.compactMap { action -> String? in
                    if case .setDeregistrationProtection(let id, true) = action.kind { return id }
                    return nil
                })
            for image in world.desired.images where !world.desired.invalidImageNames.contains(image.name) {
                for ami in world.actual.images
                where Ownership.isOurs(ami, owner: world.desired.owner, account: world.actual.accountId)
                    && ami.tags[KilnTag.image] == image.name && !ami.deregistrationProtection && ami.state != .pending
                    && world.actual.observedRegions.contains(ami.region)
                    && !world.actual.failedRegions.contains(ami.region)
                {
                    guard let version = ami.tags.kilnVersion, image.retention.pinned.contains(version) else { continue }
                    #expect(planned.contains(ami.id), "pinned \(ami.id) not protected\n\(plan.text)")
                }
            }
        }
        #expect(protections > Self.corpus.count / 10)
    }
}
