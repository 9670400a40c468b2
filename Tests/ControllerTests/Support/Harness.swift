import AWS
import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import Planner
import Testing

/// One test's world: the suite's moto (reset), a fresh proxy in front of it, a git repository of manifests, a
/// clock the test moves, and cycles of a controller owned by `owner`.
struct Harness: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    let client: AWSClient
    let clock: TestClock
    let fixture: GitFixture
    let repository: GitFixture.Repository
    let world: World
    /// Snapshots moto has before the test (its own images'): never Kiln's.
    let baselineSnapshots: Set<String>
    let owner = "kiln-test"

    static func make() async throws -> Harness {
        let moto = try SharedMoto.server()
        try await moto.reset()
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        let endpoint = proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in endpoint }, timeout: .seconds(120), httpClient: .shared)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        let world = World(endpoint: endpoint)
        try await world.call([
            BotoCall("iam", "us-east-1", "create_instance_profile", ["InstanceProfileName": "kiln-builder"])
        ])
        let baseline = try await world.state(["us-east-1", "eu-west-1", "us-west-2"]).values.flatMap(\.snapshots)
        proxy.resetCalls()
        return Harness(
            moto: moto, proxy: proxy, client: client, clock: TestClock(), fixture: fixture, repository: repository,
            world: world, baselineSnapshots: Set(baseline.map(\.id)))
    }

    func stop() {
        proxy.stop()
    }

    // MARK: - Manifests

    /// Commits `manifests` (file name → YAML) under `manifests/`.
    @discardableResult
    func commit(_ manifests: [String: String], removing: [String] = [], message: String = "Update") throws -> String {
        try repository.commit(
            Dictionary(uniqueKeysWithValues: manifests.map { ("manifests/\($0.key)", $0.value) }),
            removing: removing.map { "manifests/\($0)" }, message: message)
    }

    /// The world in `region`.
    func region(_ region: String = "us-east-1") async throws -> RegionState {
        try #require(try await world.state([region])[region])
    }

    /// Snapshots made during the test that no image uses.
    func orphanSnapshots(in region: RegionState) -> [RegionState.Snapshot] {
        region.orphanSnapshots.filter { !baselineSnapshots.contains($0.id) }
    }

    // MARK: - Cycles

    /// A fresh cycle (as a restarted controller would make it) reading the repository's HEAD.
    func cycle(planner: PlannerConfiguration = Harness.planner) -> Cycle {
        let logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }
        let clock = self.clock
        let observer = Observer(client: client, logger: logger, now: { clock.now() })
        let executor = Executor(
            client: client, owner: owner, configuration: .init(tagSnapshotsOnCreateImage: false), logger: logger)
        return Cycle(
            source: GitManifestSource(location: repository.path), observer: CloudObserver(observer), executor: executor,
            configuration: Cycle.Configuration(owner: owner, planner: planner), clock: clock, logger: logger)
    }

    /// Planner settings for tests: no waiting for orphan snapshots to age.
    static let planner = PlannerConfiguration(snapshotGracePeriod: 0)

    /// Applies cycles (moving the clock `step` seconds between them) until one has nothing to do; fails the test
    /// when `limit` cycles are not enough. Returns every report.
    @discardableResult
    func converge(
        limit: Int = 25, step: TimeInterval = 5, planner: PlannerConfiguration = Harness.planner,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [CycleReport] {
        var reports: [CycleReport] = []
        let cycle = cycle(planner: planner)
        for _ in 0..<limit {
            let report = await cycle.run(.apply)
            reports.append(report)
            if report.isConverged { return reports }
            let failed = report.hasFailedActions
            #expect(!failed, "\(report.failures)", sourceLocation: sourceLocation)
            clock.advance(by: step)
        }
        Issue.record(
            "not converged after \(limit) cycles: \(reports.last?.pendingSummary ?? "")", sourceLocation: sourceLocation
        )
        return reports
    }
}

extension CycleReport {
    /// Failed actions, for test messages.
    var failures: String {
        outcomes.filter(\.failed).map { "\($0.action.summary): \($0.status)" }.joined(separator: "; ")
    }

    /// What is left to do, for test messages.
    var pendingSummary: String {
        (plan?.actions ?? []).map { "\($0.summary) (\($0.reason))" }.joined(separator: "; ")
            + " issues: " + issues.map(\.description).joined(separator: "; ")
    }
}
