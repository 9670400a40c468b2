import Foundation
import KilnTestSupport
import Synchronization
import Testing

/// The engine's lifecycle with the AWS fault mix in front of moto: every step must leave the world exactly as a
/// fault-free run leaves it (same AMIs, snapshots, launch template versions and defaults, configurations), with
/// no duplicate AMI, no builder left running and no untracked snapshot.
@Suite(.sharedMoto, .serialized)
struct AWSFaultLifecycleTests {
    /// The fault-free run's fingerprints, made once per process.
    private static let reference = Mutex<[(name: String, fingerprint: Fingerprint)]?>(nil)

    @Test(arguments: FaultSeeds.list)
    func lifecycleUnderAWSFaults(seed: FaultSeed) async throws {
        let expected = try await Self.faultFree()
        let harness = try await AWSHarness.make(moto: try SharedMoto.server(), seed: seed.value, faults: true)
        defer { harness.stop() }
        var scenario = LifecycleScenario(harness: harness, seed: seed.value)
        try await scenario.run()

        #expect(scenario.steps.map(\.name) == expected.map(\.name), "\(seed)")
        for (actual, reference) in zip(scenario.steps, expected) {
            #expect(
                actual.fingerprint == reference.fingerprint,
                """
                \(seed), after \(actual.name): \(actual.fingerprint) ≠ fault-free \(reference.fingerprint); \
                failed actions: \(scenario.failedActions[actual.name] ?? [])
                """)
        }
        let fired = harness.faults?.fired ?? [:]
        #expect(fired.values.reduce(0, +) > 0, "\(seed): the proxy injected faults")
        var summary = RunSummary(scenario: "aws-lifecycle", seed: seed.value)
        summary.faults = fired
        summary.awsCalls = harness.awsCalls
        summary.retries = harness.retries
        summary.gaveUp = harness.gaveUp
        summary.cycles = scenario.cycles
        summary.seconds = Self.seconds(scenario.converging)
        summary.checkSeconds = harness.worldTime.seconds
        summary.print()
    }

    /// The lifecycle without faults (run on first use), printed as the table's reference line.
    static func faultFree() async throws -> [(name: String, fingerprint: Fingerprint)] {
        if let done = reference.withLock({ $0 }) { return done }
        let harness = try await AWSHarness.make(moto: try SharedMoto.server(), seed: 0, faults: false)
        defer { harness.stop() }
        var scenario = LifecycleScenario(harness: harness, seed: 0)
        try await scenario.run()
        var summary = RunSummary(scenario: "aws-lifecycle(fault-free)", seed: 0)
        summary.awsCalls = harness.awsCalls
        summary.retries = harness.retries
        summary.gaveUp = harness.gaveUp
        summary.cycles = scenario.cycles
        summary.seconds = seconds(scenario.converging)
        summary.checkSeconds = harness.worldTime.seconds
        summary.print()
        let steps = scenario.steps
        reference.withLock { $0 = steps }
        return steps
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
