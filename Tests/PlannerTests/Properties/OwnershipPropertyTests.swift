import Foundation
import Testing

@testable import Planner

// MARK: - Property tests: Kiln touches only what evidence says it made

@Suite struct OwnershipPropertyTests {
    static var corpus: [(world: GeneratedWorld, plan: Plan)] { PrunePropertyTests.corpus }

    /// Every generated world, with a hand-made copy of each of our AMIs (same tags, another id, its own name)
    /// and a production instance tagged as a builder of ours: no action ever names them.
    @Test func forgedTagsAreNeverEnough() {
        var rng = SeededRandom(seed: 0xF0F0)
        var forgedCount = 0
        for (world, _) in Self.corpus.prefix(600) {
            var forged = world
            var forgedIds: Set<String> = []
            for ami in world.actual.images where ami.tags[KilnTag.owner] == Fixture.owner {
                var copy = ami
                copy.id = "ami-forged-\(forgedIds.count)"
                copy.snapshotIds = ["snap-forged-\(forgedIds.count)"]
                copy.creationDate = Fixture.now.addingTimeInterval(-400 * Fixture.day)
                switch rng.int(0...2) {
                case 0: copy.name = "golden-\(ami.tags[KilnTag.image] ?? "")"
                case 1: copy.ownerId = "999988887777"
                default: copy.name += "-copy"
                }
                forged.actual.images.append(copy)
                forgedIds.insert(copy.id)
            }
            var impostor = Fixture.builder(
                "i-production", "app", "1.0.0", recipe: StateGenerator.recipe("app"), age: 86_400 * 30)
            impostor.clientToken = rng.chance(0.5) ? nil : "terraform-1234"
            forged.actual.instances.append(impostor)
            let plan = PrunePropertyTests.planned(forged)
            for action in plan.actions {
                let touched = Self.imageId(of: action.kind)
                #expect(touched.map { !forgedIds.contains($0) } ?? true, "\(action.summary)\n\(plan.text)")
                #expect(Self.instanceId(of: action.kind) != "i-production", "\(action.summary)")
            }
            let notices = plan.notices.filter { $0.contains("i-production") }
            #expect(notices.count == 1, "the impostor builder is reported once: \(plan.notices)")
            forgedCount += forgedIds.count
        }
        #expect(forgedCount > 1_000)
    }

    /// A launch configuration Kiln did not name is never deleted, neither as unused nor as the configuration a
    /// group used before Kiln replaced it.
    @Test func userLaunchConfigurationsAreNeverDeleted() {
        var rng = SeededRandom(seed: 0x1C)
        var replaced = 0
        for (world, _) in Self.corpus.prefix(800) {
            var changed = world
            var userNames: Set<String> = []
            for index in changed.actual.autoScalingGroups.indices where rng.chance(0.7) {
                let group = changed.actual.autoScalingGroups[index]
                // The group's own configuration from before Kiln, on an old AMI, named any way a person likes.
                let name = rng.pick(["\(group.name)-lc", "\(group.name)-app-1.0.0-aaaaaaaa", "kiln-legacy"]) ?? "lc"
                let ami = rng.pick(changed.actual.images.map(\.id)) ?? "ami-0"
                changed.actual.launchConfigurations.append(
                    ObservedLaunchConfiguration(name: name, region: group.region, imageId: ami, createdAt: Fixture.now))
                changed.actual.autoScalingGroups[index].launchConfigurationName = name
                userNames.insert(name)
            }
            for index in 0..<rng.int(0...2) {
                let name = "orphan-user-lc-\(index)"
                changed.actual.launchConfigurations.append(
                    ObservedLaunchConfiguration(
                        name: name, region: "us-east-1", imageId: rng.pick(changed.actual.images.map(\.id)) ?? "",
                        createdAt: Fixture.now))
                userNames.insert(name)
            }
            let plan = PrunePropertyTests.planned(changed)
            for action in plan.actions {
                switch action.kind {
                case .deleteLaunchConfiguration(let name):
                    #expect(!userNames.contains(name), "\(action.summary)")
                case .replaceLaunchConfiguration(let replace):
                    replaced += 1
                    if userNames.contains(replace.currentName) {
                        #expect(!replace.deleteCurrentWhenUnused, "\(action.summary)")
                    }
                default: break
                }
            }
        }
        #expect(replaced > 20)
    }

    /// Group and image names may both hold hyphens: two pairs never share a prefix of Kiln's names.
    @Test(arguments: [("a-b", "c", "a", "b-c"), ("web", "api-1", "web-api", "1"), ("x", "y-z-w", "x-y", "z-w")])
    func launchConfigurationNamesDoNotCollide(_ pair: (String, String, String, String)) {
        let version = Fixture.version("1.0.0")
        let recipe = Fixture.recipe("abcdef12")
        let first = KilnNames.launchConfigurationName(group: pair.0, image: pair.1, version: version, recipe: recipe)
        let second = KilnNames.launchConfigurationName(group: pair.2, image: pair.3, version: version, recipe: recipe)
        #expect(first != second)
        let planning = Planning(
            desired: Fixture.desired([]), actual: Fixture.actual(), now: Fixture.now,
            configuration: PlannerConfiguration())
        #expect(planning.isKilnLaunchConfiguration(first, group: pair.0, image: pair.1))
        #expect(!planning.isKilnLaunchConfiguration(first, group: pair.2, image: pair.3))
        #expect(!planning.isKilnLaunchConfiguration(second, group: pair.0, image: pair.1))
        #expect(Ownership.isKilnLaunchConfigurationName(first))
        #expect(!Ownership.isKilnLaunchConfigurationName("\(pair.0)-\(pair.1)-1.0.0-abcdef12"))
    }

    // MARK: - Helpers

    static func imageId(of kind: ActionKind) -> String? {
        switch kind {
        case .deregisterImage(let id, _), .deprecateImage(let id, _), .shareImage(let id, _, _),
            .tagImage(let id, _, _), .untagImage(let id, _, _), .unshareImage(let id, _, _),
            .reportDrift(let id, _, _), .disableImage(let id), .enableImage(let id),
            .setDeregistrationProtection(let id, _):
            return id
        case .copyImage(let copy): return copy.sourceImageId
        case .putParameter(_, let value): return value
        case .createLaunchTemplateVersion(let create): return create.imageId
        case .replaceLaunchConfiguration(let replace): return replace.imageId
        default: return nil
        }
    }

    static func instanceId(of kind: ActionKind) -> String? {
        switch kind {
        case .sweepBuilder(let id), .terminateBuilder(let id, _), .keepFailedBuilder(let id, _),
            .stopBuilder(let id, _):
            return id
        case .sendStepCommand(let command): return command.instanceId
        case .createImage(let create): return create.instanceId
        default: return nil
        }
    }
}
