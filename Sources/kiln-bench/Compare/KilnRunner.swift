import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging

/// Prunes one copy of the world with Kiln: `kiln apply` runs (one cycle each) until a run changes nothing; or, when
/// no kiln executable is at hand, the same cycles in process.
struct KilnRunner {
    let executable: String?
    let repository: String
    /// How far ahead of the wall clock the in-process cycles' clock runs (the CLI always uses the wall clock).
    var clockOffset: TimeInterval = 0
    var label: String?
    let maxRuns = 5

    func prune(copy: WorldCopy, world: String) async throws -> ComparisonResult {
        let before = try await copy.state(script: world)
        var current = before
        var seconds = 0.0
        var runs = 0
        var status = 0
        var firstCycleCalls: [String: Int]?
        let clock = ContinuousClock()
        while runs < maxRuns {
            let start = clock.now
            status = try await cycle(endpoint: copy.proxy.endpoint)
            seconds += Measure.seconds(clock.now - start)
            runs += 1
            if firstCycleCalls == nil { firstCycleCalls = ComparisonResult.calls(copy.proxy) }
            let next = try await copy.state(script: world)
            if next == current || status != 0 { break }
            current = next
        }
        var result = ComparisonResult(
            tool: label ?? (executable == nil ? "Kiln (cycles in process)" : "Kiln (kiln apply)"), runs: runs,
            exitStatus: status, seconds: seconds, calls: ComparisonResult.calls(copy.proxy), copy: copy,
            before: before, after: current)
        result.firstRunCalls = firstCycleCalls?.values.reduce(0, +)
        return result
    }

    /// One reconcile cycle against `endpoint`; its exit status.
    private func cycle(endpoint: URL) async throws -> Int {
        if let executable {
            var environment = WorldCopy.awsEnvironment
            environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
            let output = try await ProcessRunner.run(
                executable, ["apply", "--repo", repository, "--owner", CompareWorld.owner, "--log-level", "error"],
                environment: environment)
            if output.status != 0 { FileHandle.standardError.write(Data(output.stderr.suffix(2_000).utf8)) }
            return Int(output.status)
        }
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
        return report.hasFailedActions ? 1 : 0
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
