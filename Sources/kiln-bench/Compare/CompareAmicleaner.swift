import ArgumentParser
import Foundation
import KilnTestSupport

/// `kiln-bench compare-amicleaner`: the same AMI world three times (one moto server each, seeded by one script from
/// one spec); prune one copy with aws-amicleaner as published, one with aws-amicleaner plus a fix for its crash,
/// one with Kiln; report calls, time, deletions and deletions of AMIs in use. Exits 2 if Kiln deleted an AMI in use,
/// 1 if Kiln failed.
struct CompareAmicleaner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-amicleaner", abstract: "Prune the same world with aws-amicleaner and with Kiln.")

    @Option(help: "The directory of compare_world.py and amicleaner.sh.")
    var scripts = "deploy/bench"

    @Option(help: "The kiln executable (default: the one next to kiln-bench; in-process cycles when absent).")
    var kiln: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    /// amicleaner's keep-2 invocation: group by the `kiln:image` tag, keep the 2 newest unused per group, no prompt.
    static let amicleanerArguments = [
        "--mapping-key", "tags", "--mapping-values", "kiln:image", "--keep-previous", "\(CompareWorld.keep)",
        "--full-report", "-f",
    ]

    func run() async throws {
        let world = (scripts as NSString).appendingPathComponent("compare_world.py")
        let amicleaner = (scripts as NSString).appendingPathComponent("amicleaner.sh")
        log("installing aws-amicleaner into its virtual environment")
        let install = try await ProcessRunner.run("bash", [amicleaner, "--install-only"])
        guard install.status == 0 else { throw BenchError("amicleaner install failed: \(install.stderr.suffix(600))") }

        log("starting three moto servers")
        var plain = try await WorldCopy.start()
        defer { plain.stop() }
        var fixed = try await WorldCopy.start()
        defer { fixed.stop() }
        var kilns = try await WorldCopy.start()
        defer { kilns.stop() }
        let sourceAMI = try await plain.baseImage(region: "us-east-1", script: world)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        let manifests = CompareWorld.manifests(sourceAMI: sourceAMI)
        try repository.commit(manifests, message: "Manifests")
        let spec = URL(fileURLWithPath: fixture.path("spec.json"))
        try CompareWorld.spec(manifests: manifests, sourceAMI: sourceAMI).write(to: spec)
        log("seeding the same world into each")
        try await plain.seed(spec: spec, script: world)
        try await fixed.seed(spec: spec, script: world)
        try await kilns.seed(spec: spec, script: world)
        let seeded = try await plain.state(script: world)

        log("pruning copy 1 with aws-amicleaner 0.2.2 as published (keep \(CompareWorld.keep))")
        let cleaner = try await runAmicleaner(amicleaner, copy: plain, world: world, shim: false)
        log("pruning copy 2 with aws-amicleaner 0.2.2 and its crash fix (keep \(CompareWorld.keep))")
        let cleanerFixed = try await runAmicleaner(amicleaner, copy: fixed, world: world, shim: true)
        log("pruning copy 3 with Kiln (keep \(CompareWorld.keep))")
        let kilnResult = try await KilnRunner(executable: kilnExecutable(), repository: repository.path)
            .prune(copy: kilns, world: world)

        let report = ComparisonReport(
            seededAMIs: seeded.amis.count, seededSnapshots: seeded.snapshots.count, inUse: plain.inUse,
            results: [cleaner, cleanerFixed, kilnResult])
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.render())
        }
        if !kilnResult.deletedInUse.isEmpty {
            log("Kiln deleted \(kilnResult.deletedInUse.count) AMI(s) in use")
            throw ExitCode(2)
        }
        if kilnResult.exitStatus != 0 { throw ExitCode.failure }
    }

    private func runAmicleaner(
        _ script: String, copy: WorldCopy, world: String, shim: Bool
    ) async throws -> ComparisonResult {
        let before = try await copy.state(script: world)
        _ = copy.takeCalls()
        var environment = WorldCopy.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = copy.proxy.endpoint.absoluteString
        environment["TERM"] = "dumb"
        environment["KILN_AMICLEANER_SHIM"] = shim ? "1" : "0"
        let clock = ContinuousClock()
        let start = clock.now
        let output = try await ProcessRunner.run("bash", [script] + Self.amicleanerArguments, environment: environment)
        let seconds = Measure.seconds(clock.now - start)
        let calls = copy.takeCalls()
        var failure: String?
        if output.status != 0 {
            log("aws-amicleaner exited with \(output.status):\n\(output.stderr.suffix(1_500))")
            failure = output.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(output.status)"
        }
        let after = try await copy.state(script: world)
        let gone = before.deletions(until: after)
        let stage = ComparisonResult.Stage(
            label: "amicleaner run", exitStatus: Int(output.status), seconds: seconds, calls: calls,
            amisDeleted: gone.amis, snapshotsDeleted: gone.snapshots, failure: failure)
        let tool = shim ? "aws-amicleaner 0.2.2 + crash fix" : "aws-amicleaner 0.2.2"
        return ComparisonResult(tool: tool, stages: [stage], copy: copy, before: before, after: after)
    }

    private func kilnExecutable() -> String? {
        if let kiln { return kiln }
        let sibling = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("kiln").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data("compare-amicleaner: \(line)\n".utf8))
    }
}
