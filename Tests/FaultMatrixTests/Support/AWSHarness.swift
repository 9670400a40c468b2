import AWS
import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import MetricsTestKit
import Planner
import Synchronization
import Testing

/// One run's world: a reset moto, a seeded proxy in front of it (faults optional), a Kiln AWS client counting its
/// calls and retries, a git repository of manifests, and a clock the run moves.
struct AWSHarness: Sendable {
    let proxy: FaultProxy
    let faults: AWSFaultProfile?
    let metrics: TestMetrics
    let client: AWSClient
    let clock: TestClock
    let repository: GitFixture.Repository
    let world: FaultWorld
    /// Snapshots moto has before the run (its own images'): never Kiln's.
    let baselineSnapshots: Set<String>
    let owner = "kiln-test"
    /// Time spent reading and changing the world from the test (boto3), apart from Kiln's own work.
    let worldTime = Stopwatch()

    static func make(moto: MotoServer, seed: UInt64, faults: Bool) async throws -> AWSHarness {
        try await moto.reset()
        let proxy = try await FaultProxy.start(upstream: moto.endpoint, seed: seed)
        let endpoint = proxy.endpoint
        let metrics = TestMetrics()
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in endpoint }, httpClient: .shared, metricsFactory: metrics)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        let world = FaultWorld(endpoint: endpoint)
        try await world.call([("iam", "create_instance_profile", ["InstanceProfileName": "kiln-builder"])])
        let baseline = try await world.state().snapshots.map(\.id)
        proxy.resetCalls()
        let profile = faults ? AWSFaultProfile(proxy: proxy) : nil
        profile?.resume()
        return AWSHarness(
            proxy: proxy, faults: profile, metrics: metrics, client: client, clock: TestClock(),
            repository: repository, world: world, baselineSnapshots: Set(baseline))
    }

    func stop() {
        proxy.stop()
    }

    // MARK: - The world, fault-free

    /// The world now (faults paused).
    func state() async throws -> RegionState {
        try await withoutFaults { try await world.state() }
    }

    /// Runs `body` (a person's change to the world) with the faults paused.
    func withoutFaults<T>(_ body: () async throws -> T) async throws -> T {
        try await worldTime.measure {
            guard let faults else { return try await body() }
            return try await faults.paused(body)
        }
    }

    /// Commits `manifests` (file name → YAML) under `manifests/`.
    @discardableResult
    func commit(_ manifests: [String: String], message: String) throws -> String {
        try repository.commit(
            Dictionary(uniqueKeysWithValues: manifests.map { ("manifests/\($0.key)", $0.value) }), message: message)
    }

    // MARK: - Cycles

    /// A fresh cycle (as a restarted controller would make it) reading the repository's HEAD.
    func cycle() -> Cycle {
        let logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }
        let clock = self.clock
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: owner, configuration: .init(tagSnapshotsOnCreateImage: false), logger: logger)
        return Cycle(
            source: GitManifestSource(location: repository.path), observer: CloudObserver(observer),
            executor: executor,
            configuration: Cycle.Configuration(owner: owner, planner: PlannerConfiguration(snapshotGracePeriod: 0)),
            clock: clock, logger: logger)
    }

    /// Applies cycles (moving the clock `step` seconds between them) until one has nothing to do. Failed actions
    /// are expected under faults; the run fails when `limit` cycles are not enough. Returns every report.
    func converge(
        _ label: String, seed: UInt64, limit: Int = 60, step: TimeInterval = 5,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> [CycleReport] {
        var reports: [CycleReport] = []
        let cycle = cycle()
        for _ in 0..<limit {
            let report = await cycle.run(.apply)
            reports.append(report)
            if report.isConverged { return reports }
            if faults == nil {
                #expect(!report.hasFailedActions, "fault-free \(label): \(report.failureSummary)")
            }
            clock.advance(by: step)
        }
        Issue.record(
            "seed \(seed), \(label): not converged after \(limit) cycles: \(reports.last?.pendingSummary ?? "")",
            sourceLocation: sourceLocation)
        return reports
    }

    // MARK: - Counts

    /// Kiln's AWS calls (attempts) as the proxy saw them.
    var awsCalls: Int { proxy.count() }

    /// Retries the client made.
    var retries: Int { Int(metrics.counterTotal(label: "kiln_aws_retries_total")) }

    /// Calls that failed for good (after their retries).
    var gaveUp: Int {
        metrics.counters(label: "kiln_aws_calls_total").filter { counter in
            counter.dimensions.contains { $0.0 == "outcome" && $0.1 != "success" }
        }.reduce(0) { $0 + Int($1.totalValue) }
    }
}

extension CycleReport {
    /// Failed actions, for messages.
    var failureSummary: String {
        outcomes.filter(\.failed).map { "\($0.action.summary): \($0.status)" }.joined(separator: "; ")
    }

    /// What is left to do, for messages.
    var pendingSummary: String {
        (plan?.actions ?? []).map { "\($0.summary) (\($0.reason))" }.joined(separator: "; ")
            + " issues: " + issues.map(\.description).joined(separator: "; ")
    }
}

/// Adds up the time spent in measured work.
final class Stopwatch: Sendable {
    private let total = Mutex(Duration.zero)

    func measure<T>(_ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            total.withLock { $0 += elapsed }
        }
        return try await body()
    }

    var seconds: Double {
        let value = total.withLock { $0 }
        return Double(value.components.seconds) + Double(value.components.attoseconds) / 1e18
    }
}
