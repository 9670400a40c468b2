import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging

/// Prunes one copy of the world with Kiln's own reconcile cycle, as an operator would: one `kiln apply` now
/// (or the same `Cycle` in process when no kiln executable is at hand), then one cycle two hours later.
///
/// Kiln deletes the snapshots of an AMI it deregistered only once they are older than its grace period (1 h), and
/// moto stamps every snapshot "now": the second cycle runs in process on a clock two hours ahead, which is how the
/// next daemon cycle after the grace period would see the world. Both cycles are Kiln's real code path (manifests
/// read from git, Observer, Planner, Executor); nothing is reimplemented here.
struct KilnRunner {
    /// The `kiln` executable for the first cycle; nil: in process.
    let executable: String?
    /// The git repository holding the manifests.
    let repository: String
    static let laterCycleOffset: TimeInterval = 7_200

    func prune(copy: WorldCopy, world: String) async throws -> ComparisonResult {
        let before = try await copy.state(script: world)
        _ = copy.takeCalls()
        var stages: [ComparisonResult.Stage] = []
        var current = before
        let first = executable == nil ? "cycle 1 (Cycle in process)" : "cycle 1 (kiln apply)"
        for (label, offset) in [(first, 0.0), ("cycle 2, 2 h later (Cycle in process)", Self.laterCycleOffset)] {
            let clock = ContinuousClock()
            let start = clock.now
            let status: Int
            if let executable, offset == 0 {
                status = try await applyCommand(executable, endpoint: copy.proxy.endpoint)
            } else {
                status = try await inProcessCycle(endpoint: copy.proxy.endpoint, clockOffset: offset)
            }
            let seconds = Measure.seconds(clock.now - start)
            let calls = copy.takeCalls()
            let next = try await copy.state(script: world)
            let gone = current.deletions(until: next)
            stages.append(
                ComparisonResult.Stage(
                    label: label, exitStatus: status, seconds: seconds, calls: calls, amisDeleted: gone.amis,
                    snapshotsDeleted: gone.snapshots, failure: status == 0 ? nil : "kiln exited with \(status)"))
            current = next
        }
        return ComparisonResult(tool: "Kiln", stages: stages, copy: copy, before: before, after: current)
    }

    /// `kiln apply` (one cycle) against `endpoint`; its exit status.
    private func applyCommand(_ executable: String, endpoint: URL) async throws -> Int {
        var environment = WorldCopy.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
        let output = try await ProcessRunner.run(
            executable, ["apply", "--repo", repository, "--owner", CompareWorld.owner, "--log-level", "error"],
            environment: environment)
        if output.status != 0 {
            let tail = "\(output.stdout.suffix(2_000))\(output.stderr.suffix(2_000))\n"
            FileHandle.standardError.write(Data("kiln apply exited with \(output.status):\n\(tail)".utf8))
        }
        return Int(output.status)
    }

    /// The cycle `kiln apply` runs, in process, with the wall clock moved `clockOffset` seconds ahead; 0 when no
    /// action failed and nothing needs a person, else 1 (as `kiln apply` exits).
    private func inProcessCycle(endpoint: URL, clockOffset: TimeInterval) async throws -> Int {
        let logger = Logger(label: "kiln.compare") { _ in SwiftLogNoOpLogHandler() }
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "testing", secretAccessKey: "x")),
            endpoint: { _, _ in endpoint }, logger: logger)
        let cycle = Cycle(
            source: GitManifestSource(location: repository), client: client,
            configuration: Cycle.Configuration(owner: CompareWorld.owner), clock: OffsetClock(offset: clockOffset),
            logger: logger)
        let report = await cycle.run(.apply)
        try await client.shutdown()
        let clean = !report.hasFailedActions && report.stalled.isEmpty && report.planned
        return clean ? 0 : 1
    }
}

/// The wall clock moved `offset` seconds ahead: "a later cycle", without waiting for it.
struct OffsetClock: CycleClock {
    let offset: TimeInterval

    func now() -> Date { Date().addingTimeInterval(offset) }

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
