import ArgumentParser
import Foundation

/// `kiln-bench`: Kiln's benchmarks, apart from the tests. Prints a table of comparable figures (or JSON).
@main
struct KilnBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln-bench",
        abstract: "Measure Kiln: manifest loading, planning, reconcile cycles against moto, status write-back.",
        subcommands: [RunBenchmarks.self, CompareAmicleaner.self, ProbeStack.self],
        defaultSubcommand: RunBenchmarks.self)
}

/// Runs the benchmarks.
struct RunBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the benchmarks and print a table (the default).")

    @Flag(help: "Fewer iterations, and only the rows that have a target (unless --filter says otherwise).")
    var quick = false

    @Option(name: .customLong("filter"), help: "Run only benchmarks whose name contains this (repeatable).")
    var filters: [String] = []

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    @Option(help: "The example manifests the generated ones are varied from.")
    var examples = "manifests"

    @Option(help: "The directory of the helper scripts (moto seeding).")
    var scripts = "deploy/bench"

    @Option(name: .customLong("cycle-images"), help: "Image counts of the cycle benchmarks (repeatable).")
    var cycleImages: [Int] = []

    @Flag(help: "List the benchmark groups and exit.")
    var list = false

    static let groups: [(String, @Sendable (BenchContext) async throws -> [BenchmarkResult])] = [
        ("manifests/", ManifestBenchmarks.run),
        ("manifests/pathological/", PathologicalManifests.run),
        ("plan/", PlanBenchmarks.run),
        ("status/", StatusBenchmarks.run),
        ("mirror/", MirrorBenchmarks.run),
        ("cycle/", CycleBenchmarks.run),
    ]

    /// The rows that have a target: what `--quick` runs when no `--filter` is given.
    static let targetRows = [
        "manifests/5000/cold", "manifests/5000/disk-cold", "manifests/5000/pyyaml-cloader",
        "manifests/5000/unchanged-commit", "manifests/5000/status-only-commit", "status/1000/10-changed", "cycle/",
        "daemon/",
    ]

    func run() async throws {
        if list {
            for (group, _) in Self.groups { print(group) }
            return
        }
        let context = BenchContext(
            quick: quick, filters: quick && filters.isEmpty ? Self.targetRows : filters, examples: examples,
            executable: URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path, scripts: scripts,
            cycleImages: cycleImages)
        let machine = Machine.current()
        var results: [BenchmarkResult] = []
        for (group, run) in Self.groups
        where context.includesGroup(group) || (group == "cycle/" && context.includesGroup("daemon/")) {
            if !json { FileHandle.standardError.write(Data("running \(group)\n".utf8)) }
            let rows = try await run(context)
            results += rows
            if !json, !rows.isEmpty { FileHandle.standardError.write(Data((ResultTable.render(rows) + "\n").utf8)) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let report = Report(machine: machine, quick: quick, results: results)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("kiln-bench on \(machine.description)\(quick ? " (quick)" : "")")
            print(ResultTable.render(results))
        }
    }

    struct Report: Codable {
        var machine: Machine
        var quick: Bool
        var results: [BenchmarkResult]
    }
}

/// Loads one pathological manifest on a thread with a given stack and exits 0; a stack overflow ends it with a
/// signal instead. Run by the `manifests/pathological/min-stack` benchmark.
struct ProbeStack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe-stack", abstract: "Load a deeply nested manifest on a small stack.",
        shouldDisplay: false)

    @Option var `case`: String
    @Option var kibibytes: Int

    func run() throws {
        guard PathologicalManifests.probe(`case`, stackBytes: kibibytes * 1_024) else {
            throw ValidationError("no case \(`case`)")
        }
    }
}
