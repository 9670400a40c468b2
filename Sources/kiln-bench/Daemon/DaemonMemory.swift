import Foundation
import KilnTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The resident memory of the real `kiln daemon` (the binary built next to `kiln-bench`), run as a child process
/// against a seeded moto world and a local repository until it has completed a few cycles.
enum DaemonMemory {
    /// Cycles to wait for: the first (which writes every status file), then steady ones.
    static let cycles = 3

    /// Runs the daemon on `repository` (a bare repository with the manifests) against `awsEndpoint`.
    static func measure(
        name: String, images: Int, repository: String, awsEndpoint: URL, context: BenchContext
    ) async throws -> BenchmarkResult {
        let kiln = try executable(context)
        let scratch = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-bench-daemon")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let port = try await PortAllocator.freeLoopbackPort()
        let config = scratch.appendingPathComponent("kiln.yaml")
        try Data(
            """
            repository: {url: "file://\(repository)", branch: main}
            owner: \(CycleWorld.owner)
            poll: {interval: 2s, jitter: 1s, resync: 3s, recheck: 2s, backoffInitial: 1s, backoffMax: 2s}
            http: {listen: "127.0.0.1:\(port)"}
            cacheDir: "\(scratch.appendingPathComponent("cache").path)"
            log: {format: text, level: warning}

            """.utf8
        ).write(to: config)
        var environment = WorldCopy.awsEnvironment
        environment["AWS_ENDPOINT_URL"] = awsEndpoint.absoluteString
        let log = scratch.appendingPathComponent("kiln.log")
        let clock = ContinuousClock()
        let start = clock.now
        let daemon = try ProcessHandle(
            executable: kiln, arguments: ["daemon", "--config", config.path], environment: environment, log: log)
        defer { daemon.stop() }
        let metrics = "http://127.0.0.1:\(port)/metrics"
        var completed = 0
        var failed = 0
        var samples: [Int] = []
        let deadline = start.advanced(by: .seconds(context.quick ? 300 : 900))
        while completed < cycles, clock.now < deadline, daemon.isRunning {
            try await Task.sleep(for: .milliseconds(500))
            if let kilobytes = memory(pid: daemon.pid)?.rss { samples.append(kilobytes) }
            if let counts = try? await cycleCount(metrics) { (completed, failed) = counts }
        }
        guard completed >= cycles, let memory = memory(pid: daemon.pid) else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw BenchError("\(name): the daemon completed \(completed) cycles: \(output.suffix(1_500))")
        }
        let seconds = Measure.seconds(clock.now - start)
        kill(daemon.pid, SIGTERM)
        let stopStart = clock.now
        daemon.stop(grace: .seconds(30))
        let stopSeconds = Measure.seconds(clock.now - stopStart)
        let highWater = Double(memory.hwm) / 1_024
        return BenchmarkResult(
            name: name, iterations: completed, medianMilliseconds: seconds * 1_000 / Double(completed),
            p90Milliseconds: 0, minMilliseconds: 0,
            cpuMillisecondsPerIteration: memory.cpuSeconds * 1_000
                / Double(completed), peakResidentMiB: highWater,
            counters: [
                "VmHWM_MiB": highWater, "VmRSS_MiB": Double(memory.rss) / 1_024, "images": Double(images),
                "failed_cycles": Double(failed), "median_RSS_MiB": Double(samples.sorted()[samples.count / 2]) / 1_024,
                "stop_s": stopSeconds,
            ],
            target: "VmHWM < 100 MiB", targetMet: highWater < 100,
            note: "kiln daemon child process (PID \(daemon.pid)); ms = wall per cycle incl. start-up; SIGTERM by PID")
    }

    // MARK: - The child

    /// `kiln` next to this executable, built in the same configuration.
    static func executable(_ context: BenchContext) throws -> URL {
        let url = URL(fileURLWithPath: context.executable).deletingLastPathComponent().appendingPathComponent("kiln")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            let configuration = context.executable.contains("/release/") ? "release" : "debug"
            throw BenchError(
                "no kiln binary at \(url.path): build it first, `swift build -c \(configuration) --product kiln`")
        }
        return url
    }

    /// `VmHWM`, `VmRSS` (KiB) and user + system CPU seconds of `pid`, from `/proc`.
    static func memory(pid: Int32) -> (hwm: Int, rss: Int, cpuSeconds: Double)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ key: String) -> Int? {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") }
            return line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        guard let hwm = field("VmHWM"), let rss = field("VmRSS") else { return nil }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        let ticks = fields.count > 12 ? (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0) : 0
        return (hwm, rss, ticks / Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// The sum of `kiln_cycles_total` over its outcomes, and of its `failed` outcome, from `/metrics` (curl).
    static func cycleCount(_ url: String) async throws -> (all: Int, failed: Int) {
        let output = try await ProcessRunner.run("curl", ["-fsS", "--max-time", "5", url])
        guard output.status == 0 else { return (0, 0) }
        let lines = output.stdout.split(separator: "\n").filter { $0.hasPrefix("kiln_cycles_total") }
        func sum(_ lines: [Substring]) -> Int {
            lines.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0) { $0 + Int($1) }
        }
        return (sum(lines), sum(lines.filter { $0.contains("outcome=\"failed\"") }))
    }
}
