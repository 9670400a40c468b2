import Foundation
import Testing

@testable import Planner

// MARK: - Property tests: one per prune safety rule, over thousands of generated worlds

@Suite struct PrunePropertyTests {
    /// Generated worlds and their plans, shared by every rule.
    static let corpus: [(world: GeneratedWorld, plan: Plan)] = {
        var generator = StateGenerator(seed: 0x5EED)
        return (0..<2_000).map { _ in
            let world = generator.generate()
            return (world, planned(world))
        }
    }()

    static func planned(_ world: GeneratedWorld) -> Plan {
        plan(desired: world.desired, actual: world.actual, now: Fixture.now, configuration: world.configuration)
    }

    /// For every generated world: the rule holds for every deregistration; then an AMI the plan
    /// deregisters is given the rule's protection, and the new plan must keep it.
    @Test(arguments: SafetyRule.allCases)
    func ruleHoldsOverGeneratedWorlds(_ rule: SafetyRule) {
        var rng = SeededRandom(seed: 0xAB + UInt64(SafetyRule.allCases.firstIndex(of: rule) ?? 0))
        var exercised = 0
        for (world, plan) in Self.corpus {
            let check = SafetyCheck(world: world, plan: plan)
            let broken = check.violations(of: rule)
            #expect(broken.isEmpty, "\(rule): \(broken)\n\(plan.text)")
            if !broken.isEmpty { return }
            let targets = check.deregistered.filter { !check.isPartialOfDesiredBake($0) }
            guard let target = rng.pick(targets) else { continue }
            var protected = world
            protect(rule, target, in: &protected, rng: &rng)
            let replanned = Self.planned(protected)
            let after = SafetyCheck(world: protected, plan: replanned)
            // A protection that makes it the failed AMI of the desired bake lets the bake remove it.
            if after.isPartialOfDesiredBake(target) { continue }
            let kept = !replanned.actions.contains { $0.kind.deregisteredImage == target.id }
            #expect(kept, "\(rule) did not protect \(target.id)\n\(replanned.text)")
            #expect(after.violations(of: rule).isEmpty, "\(rule) after protection: \(after.violations(of: rule))")
            if !kept { return }
            exercised += 1
        }
        #expect(exercised > Self.corpus.count / 10, "too few generated worlds prune anything: \(exercised)")
    }

    @Test func snapshotsAreDeletedOnlyWhenNoImageUsesThem() {
        var deletions = 0
        for (world, plan) in Self.corpus {
            let broken = SafetyCheck(world: world, plan: plan).snapshotViolations()
            #expect(broken.isEmpty, "\(broken)\n\(plan.text)")
            if !broken.isEmpty { return }
            deletions += plan.actions.compactMap(\.kind.deletedSnapshot).count
        }
        #expect(deletions > Self.corpus.count / 20)
    }

    @Test func nothingIsEverDeletedForAnotherOwner() {
        var deletions = 0
        for (world, plan) in Self.corpus {
            var theirs = world
            theirs.desired.owner = StateGenerator.other
            for (world, plan) in [(world, plan), (theirs, Self.planned(theirs))] {
                let broken = SafetyCheck(world: world, plan: plan).ownerViolations()
                #expect(broken.isEmpty, "\(broken)\n\(plan.text)")
                if !broken.isEmpty { return }
                deletions += plan.actions.filter { SafetyCheck.destructive.contains($0.kind.caseName) }.count
            }
        }
        #expect(deletions > Self.corpus.count / 10)
    }

    // MARK: - Giving an AMI a rule's protection

    func protect(_ rule: SafetyRule, _ ami: ObservedImage, in world: inout GeneratedWorld, rng: inout SeededRandom) {
        let name = ami.tags[KilnTag.image] ?? ""
        let index = world.desired.images.firstIndex { $0.name == name }
        let version = ami.tags.kilnVersion ?? Fixture.version("0.0.0")
        switch rule {
        case .desiredVersion:
            guard let index else { return }
            world.desired.images[index].version = version
            world.desired.images[index].retired = false
        case .pinnedVersion:
            guard let index else { return }
            world.desired.images[index].retention.pinned.append(version)
        case .newestKeep:
            guard let index else { return }
            world.desired.images[index].retention.keep = 100
            world.desired.images[index].retired = false
        case .minAge:
            guard let index else { return }
            world.desired.images[index].retention.minAge = ManifestDuration(
                seconds: Int(Fixture.now.timeIntervalSince(ami.creationDate).rounded(.up)) + 60)
        case .instance:
            let states: [InstanceState] = [.pending, .running, .stopping, .stopped, .shuttingDown]
            world.actual.instances.append(
                ObservedInstance(
                    id: "i-guard", region: ami.region, state: rng.pick(states) ?? .running, imageId: ami.id,
                    launchTime: Fixture.now))
        case .launchTemplateDefaultOrLatest:
            let latest = rng.chance(0.5)
            world.actual.launchTemplates.append(
                ObservedLaunchTemplate(
                    id: "lt-guard", name: "guard", region: ami.region, defaultVersion: 1, latestVersion: 2,
                    versions: [
                        LaunchTemplateVersion(number: 1, imageId: latest ? "ami-foreign" : ami.id),
                        LaunchTemplateVersion(number: 2, imageId: latest ? ami.id : "ami-foreign"),
                    ]))
        case .groupPinnedVersion:
            protectByGroup(ami, in: &world, rng: &rng)
        case .launchConfiguration:
            world.actual.launchConfigurations.append(
                ObservedLaunchConfiguration(
                    name: "guard-lc", region: ami.region, imageId: ami.id, createdAt: Fixture.now))
        case .ssmParameter:
            world.actual.parameters.append(ObservedParameter(name: "/guard", region: ami.region, imageId: ami.id))
        case .notOwned:
            for i in world.actual.images.indices where world.actual.images[i].id == ami.id {
                world.actual.images[i].tags[KilnTag.owner] = StateGenerator.other
            }
        case .forgedName:
            // A hand-made AMI carrying copies of Kiln's tags: its name is whatever its maker chose.
            for i in world.actual.images.indices where world.actual.images[i].id == ami.id {
                world.actual.images[i].name = rng.pick(["golden-\(name)", "kiln/\(name)/x/\(ami.id)", ""]) ?? ""
            }
        case .foreignAccount:
            for i in world.actual.images.indices where world.actual.images[i].id == ami.id {
                world.actual.images[i].ownerId = rng.chance(0.5) ? "999988887777" : nil
            }
        case .sharedByHand:
            for i in world.actual.images.indices where world.actual.images[i].id == ami.id {
                world.actual.images[i].launchPermissionAccounts.insert("444455556666")
            }
        case .invalidManifest:
            world.desired.invalidImageNames.insert(name)
        case .failedLoad:
            world.desired.loadedCompletely = false
        case .deletedManifest:
            world.desired.images.removeAll { $0.name == name }
            world.configuration.previousImageCount = nil
        case .shrunkSet:
            world.configuration.previousImageCount = (world.desired.images.count + 1) * 4
        case .failedRegion:
            world.actual.failedRegions.insert(ami.region)
        }
    }

    private func protectByGroup(_ ami: ObservedImage, in world: inout GeneratedWorld, rng: inout SeededRandom) {
        let template = ObservedLaunchTemplate(
            id: "lt-pin", name: "pin", region: ami.region, defaultVersion: 1, latestVersion: 4,
            versions: [1, 2, 3, 4].map { LaunchTemplateVersion(number: $0, imageId: $0 == 3 ? ami.id : "ami-foreign") })
        world.actual.launchTemplates.append(template)
        let pin = LaunchTemplateReference(id: rng.chance(0.5) ? "lt-pin" : nil, name: "pin", version: "3")
        let plain = LaunchTemplateReference(name: "pin", version: "$Default")
        var group = ObservedAutoScalingGroup(name: "asg-pin", region: ami.region)
        switch rng.int(0...2) {
        case 0: group.launchTemplate = pin
        case 1: group.mixedInstancesPolicy = MixedInstancesPolicyReference(launchTemplate: pin)
        default: group.mixedInstancesPolicy = MixedInstancesPolicyReference(launchTemplate: plain, overrides: [pin])
        }
        world.actual.autoScalingGroups.append(group)
    }
}
