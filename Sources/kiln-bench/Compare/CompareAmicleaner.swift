import ArgumentParser
import Foundation
import KilnTestSupport

/// `kiln-bench compare-amicleaner`: the same AMI world twice (two moto servers seeded by one script); prune one
/// copy with aws-amicleaner and the other with Kiln; report calls, time, deletions and deletions of AMIs in use.
struct CompareAmicleaner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-amicleaner", abstract: "Prune the same world with aws-amicleaner and with Kiln.")

    @Option(help: "The directory of compare_world.py and amicleaner.sh.")
    var scripts = "deploy/bench"

    @Option(help: "The kiln executable (default: the one next to kiln-bench; in-process cycles when absent).")
    var kiln: String?

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    func run() async throws {
        let world = (scripts as NSString).appendingPathComponent("compare_world.py")
        let amicleaner = (scripts as NSString).appendingPathComponent("amicleaner.sh")
        log("installing aws-amicleaner into its virtual environment")
        let install = try await ProcessRunner.run("bash", [amicleaner, "--install-only"])
        guard install.status == 0 else { throw BenchError("amicleaner install failed: \(install.stderr.suffix(600))") }

        log("seeding three moto servers with the same world")
        var first = try await WorldCopy.start()
        defer { first.stop() }
        var shimmed = try await WorldCopy.start()
        defer { shimmed.stop() }
        var second = try await WorldCopy.start()
        defer { second.stop() }
        let sourceAMI = try await first.baseImage(region: "us-east-1", script: world)
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        let manifests = CompareWorld.manifests(sourceAMI: sourceAMI)
        try repository.commit(manifests, message: "Manifests")
        let spec = URL(fileURLWithPath: fixture.path("spec.json"))
        try CompareWorld.spec(manifests: manifests, sourceAMI: sourceAMI).write(to: spec)
        try await first.seed(spec: spec, script: world)
        try await shimmed.seed(spec: spec, script: world)
        try await second.seed(spec: spec, script: world)

        log("pruning the first copy with aws-amicleaner (keep 2)")
        let cleaner = try await runAmicleaner(amicleaner, copy: first, world: world, shim: false)
        log("pruning the second copy with aws-amicleaner and its shim (keep 2)")
        let cleanerShimmed = try await runAmicleaner(amicleaner, copy: shimmed, world: world, shim: true)
        log("pruning the third copy with Kiln (keep 2)")
        let kilnRun = try await KilnRunner(executable: kilnExecutable(), repository: repository.path)
            .prune(copy: second, world: world)
        // moto stamps every snapshot "now", so Kiln's grace period (1 h) for deleting the snapshots of pruned
        // AMIs has not passed: one more cycle, in process, with the clock two hours on, deletes them.
        second.proxy.resetCalls()
        let later = KilnRunner(
            executable: nil, repository: repository.path, clockOffset: 7_200,
            label: "Kiln, next cycle 2 h later (in process)")
        var laterRun = try await later.prune(copy: second, world: world)
        laterRun.inUseDeletedSoFar(before: kilnRun)
        let results = [cleaner, cleanerShimmed, kilnRun, laterRun]
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print(ComparisonResult.render(results, seeded: first.amis.count, inUse: first.inUse))
        }
    }

    private func runAmicleaner(
        _ script: String, copy: WorldCopy, world: String, shim: Bool
    ) async throws -> ComparisonResult {
        let before = try await copy.state(script: world)
        var environment = WorldCopy.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = copy.proxy.endpoint.absoluteString
        environment["TERM"] = "dumb"
        if shim { environment["KILN_AMICLEANER_SHIM"] = "1" }
        let clock = ContinuousClock()
        let start = clock.now
        let output = try await ProcessRunner.run(
            "bash",
            [script, "--mapping-key", "tags", "--mapping-values", "kiln:image", "--keep-previous", "2", "-f"],
            environment: environment)
        let seconds = Measure.seconds(clock.now - start)
        if output.status != 0 {
            log("aws-amicleaner exited with \(output.status):\n\(output.stdout.suffix(1_500))\(output.stderr.suffix(3_000))")
        }
        let after = try await copy.state(script: world)
        return ComparisonResult(
            tool: shim ? "aws-amicleaner 0.2.2 + shim" : "aws-amicleaner 0.2.2", runs: 1, exitStatus: Int(output.status), seconds: seconds,
            calls: ComparisonResult.calls(copy.proxy), copy: copy, before: before, after: after)
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
