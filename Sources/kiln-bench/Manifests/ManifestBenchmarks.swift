import Controller
import Foundation
import Git
import KilnTestSupport
import Manifest

/// Loading manifests from a bare repository: cold through libgit2, from the cache, and as a script would.
enum ManifestBenchmarks {
    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        let corpus = try ManifestCorpus(examples: context.examples)
        var results: [BenchmarkResult] = []
        for count in [100, 1_000, 5_000] {
            let prefix = "manifests/\(count)"
            guard context.includesGroup(prefix) else { continue }
            let repository = try ManifestRepository.make(count: count, corpus: corpus)
            try await check(repository)
            let scale = count / 100
            results += try await cold(repository, context, iterations: context.iterations(max(3, 40 / scale), quick: 2))
            results += try cached(repository, context, iterations: context.iterations(200, quick: 20))
            results += try await script(repository, context, iterations: context.iterations(max(3, 20 / scale), quick: 1))
        }
        return results
    }

    /// Fails when the generated manifests do not all validate: the figures would not be those of real work.
    private static func check(_ repository: ManifestRepository) async throws {
        let source = GitManifestSource(location: repository.path, ref: repository.initial)
        let snapshot = try await source.snapshot()
        let set = ManifestLoader.load(files: snapshot.manifests)
        guard set.isComplete, set.images.count == repository.count else {
            throw BenchError("generated manifests do not validate: \(set.diagnostics.prefix(3))")
        }
    }

    // MARK: - Cold: what every cycle does today

    private static func cold(
        _ repository: ManifestRepository, _ context: BenchContext, iterations: Int
    ) async throws -> [BenchmarkResult] {
        let name = "manifests/\(repository.count)/cold"
        guard context.includes(name) else { return [] }
        let source = GitManifestSource(location: repository.path, ref: repository.initial)
        var readSeconds: [Double] = []
        var parseSeconds: [Double] = []
        let clock = ContinuousClock()
        var result = try await Measure.run(
            name, iterations: iterations, targetMilliseconds: repository.count == 5_000 ? 1_000 : nil,
            note: "GitManifestSource.snapshot + ManifestLoader.load"
        ) {
            let start = clock.now
            let snapshot = try await source.snapshot()
            let read = clock.now
            let set = ManifestLoader.load(files: snapshot.manifests)
            readSeconds.append(Measure.seconds(read - start))
            parseSeconds.append(Measure.seconds(clock.now - read))
            guard set.images.count == repository.count else { throw BenchError("\(name): wrong image count") }
        }
        result.counters["git_ms"] = median(readSeconds.suffix(iterations)) * 1_000
        result.counters["parse_ms"] = median(parseSeconds.suffix(iterations)) * 1_000
        result.counters["parse_us_per_file"] = median(parseSeconds.suffix(iterations)) * 1e6 / Double(repository.count)
        return [result]
    }

    // MARK: - Cached

    private static func cached(
        _ repository: ManifestRepository, _ context: BenchContext, iterations: Int
    ) throws -> [BenchmarkResult] {
        let git = try Repository(at: repository.path)
        let initial = try git.resolve(repository.initial)
        let statusOnly = try git.resolve(repository.statusOnly)
        let oneChanged = try git.resolve(repository.oneChanged)
        let count = repository.count
        var results: [BenchmarkResult] = []
        let cases: [(String, [ObjectID], ManifestCache.Outcome, Double?)] = [
            ("same-commit", [initial], .sameCommit, count == 5_000 ? 10 : nil),
            ("status-only-commit", [initial, statusOnly], .unchangedManifests, count == 5_000 ? 10 : nil),
            ("one-manifest-changed", [statusOnly, oneChanged], .reloaded, nil),
        ]
        for (label, commits, expected, target) in cases {
            let name = "manifests/\(count)/cached-\(label)"
            guard context.includes(name) else { continue }
            let cache = ManifestCache()
            _ = try cache.load(git, commit: commits[0])
            var turn = 0
            var outcomes: Set<String> = []
            let iterations = expected == .reloaded ? max(3, iterations / max(1, count / 50)) : iterations
            let before = cache.blobCounts
            var result = try syncMeasure(name, iterations: iterations, target: target) {
                turn += 1
                let (set, outcome) = try cache.load(git, commit: commits[turn % commits.count])
                outcomes.insert(outcome.rawValue)
                guard set.images.count == count else { throw BenchError("\(name): wrong image count") }
            }
            let after = cache.blobCounts
            result.counters["blobs_read_per_it"] = Double(after.read - before.read) / Double(iterations + 1)
            result.note = "answered by: " + outcomes.sorted().joined(separator: ",")
            results.append(result)
        }
        return results
    }

    // MARK: - What a script does

    private static func script(
        _ repository: ManifestRepository, _ context: BenchContext, iterations: Int
    ) async throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        let clone = #"set -e; d=$(mktemp -d); trap 'rm -rf "$d"' EXIT; git clone -q --depth 1 "file://$1" "$d/r"; "#
        let variants: [(String, String, String)] = [
            ("script-clone-cat", clone + #"cat "$d"/r/manifests/*.yaml > /dev/null"#, "git clone --depth 1 + cat"),
            (
                "script-clone-pyyaml",
                clone + #"python3 -c 'import sys, glob, yaml; [yaml.safe_load(open(f)) for f in glob.glob(sys.argv[1] + "/r/manifests/*.yaml")]' "$d""#,
                "git clone --depth 1 + yaml.safe_load"
            ),
        ]
        for (label, command, note) in variants {
            let name = "manifests/\(repository.count)/\(label)"
            guard context.includes(name) else { continue }
            results.append(
                try await Measure.run(name, iterations: iterations, note: note + " (subprocess)") {
                    let output = try await ProcessRunner.run("sh", ["-c", command, "sh", repository.path])
                    guard output.status == 0 else { throw BenchError("\(name): \(output.stderr.prefix(300))") }
                })
        }
        return results
    }

    // MARK: - Helpers

    static func median(_ values: some Collection<Double>) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// Measures a synchronous body (no suspension between the clock readings).
    static func syncMeasure(
        _ name: String, iterations: Int, target: Double?, _ body: () throws -> Void
    ) throws -> BenchmarkResult {
        try body()
        let clock = ContinuousClock()
        ResourceUsage.resetPeak()
        let before = ResourceUsage.current()
        var walls: [Double] = []
        for _ in 0..<iterations {
            let start = clock.now
            try body()
            walls.append(Measure.seconds(clock.now - start))
        }
        return BenchmarkResult(
            name: name, wallSeconds: walls, before: before, after: ResourceUsage.current(),
            targetMilliseconds: target)
    }
}
