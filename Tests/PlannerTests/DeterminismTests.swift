import Foundation
import Testing

@testable import Planner

// MARK: - The same inputs give the same plan, byte for byte, in any input order

@Suite struct DeterminismTests {
    func json(_ world: GeneratedWorld) throws -> Data {
        try plan(desired: world.desired, actual: world.actual, now: Fixture.now, configuration: world.configuration)
            .json()
    }

    @Test func planningTwiceGivesTheSameBytes() throws {
        for (world, plan) in PrunePropertyTests.corpus.prefix(300) {
            #expect(try json(world) == plan.json())
        }
    }

    @Test func shuffledInputsGiveTheSamePlan() throws {
        var rng = SeededRandom(seed: 0x5A17)
        var nonEmpty = 0
        for (world, plan) in PrunePropertyTests.corpus.prefix(500) {
            let shuffled = Self.shuffle(world, &rng)
            let reordered = try json(shuffled)
            #expect(reordered == (try plan.json()), "\(plan.text)")
            if !plan.actions.isEmpty { nonEmpty += 1 }
        }
        #expect(nonEmpty > 250)
    }

    @Test(arguments: GoldenScenario.all)
    func goldenScenariosAreOrderIndependent(_ scenario: GoldenScenario) throws {
        var rng = SeededRandom(seed: 42)
        let world = GeneratedWorld(
            desired: scenario.desired, actual: scenario.actual, configuration: scenario.configuration)
        let expected = try json(world)
        for _ in 0..<20 {
            #expect(try json(Self.shuffle(world, &rng)) == expected)
        }
    }

    /// Every list in the input, in a random order (lists whose order is meaningful, like steps, are kept).
    static func shuffle(_ world: GeneratedWorld, _ rng: inout SeededRandom) -> GeneratedWorld {
        var world = world
        var actual = world.actual
        actual.images.shuffle(using: &rng)
        for i in actual.images.indices { actual.images[i].snapshotIds.shuffle(using: &rng) }
        actual.snapshots.shuffle(using: &rng)
        actual.instances.shuffle(using: &rng)
        actual.commandInvocations.shuffle(using: &rng)
        actual.managedInstances.shuffle(using: &rng)
        actual.launchTemplates.shuffle(using: &rng)
        for i in actual.launchTemplates.indices { actual.launchTemplates[i].versions.shuffle(using: &rng) }
        actual.launchConfigurations.shuffle(using: &rng)
        actual.autoScalingGroups.shuffle(using: &rng)
        actual.parameters.shuffle(using: &rng)
        actual.sourceLookups.shuffle(using: &rng)
        for i in actual.sourceLookups.indices { actual.sourceLookups[i].candidates.shuffle(using: &rng) }
        actual.bakeFailures.shuffle(using: &rng)
        world.actual = actual
        world.desired.images.shuffle(using: &rng)
        for i in world.desired.images.indices {
            world.desired.images[i].distribute.regions.shuffle(using: &rng)
            world.desired.images[i].distribute.accounts.shuffle(using: &rng)
            world.desired.images[i].retention.pinned.shuffle(using: &rng)
            world.desired.images[i].rollout.launchTemplates.shuffle(using: &rng)
            world.desired.images[i].rollout.launchConfigurations.shuffle(using: &rng)
            world.desired.images[i].build.securityGroups.shuffle(using: &rng)
        }
        return world
    }
}
