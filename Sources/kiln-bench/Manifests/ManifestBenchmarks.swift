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
            results += try await cold(repository, context, iterations: context.iterations(max(3, 40 / scale), quick: 3))
            results += try await cached(
                repository, context, iterations: context.iterations(max(20, 200 / scale), quick: 10))
            results += try await script(
                repository, context, iterations: context.iterations(max(3, 20 / scale), quick: 1))
            let compared = try await ManifestParserComparison.run(
                count: count, corpus: corpus, context, iterations: context.iterations(max(5, 40 / scale), quick: 3))
            results = ManifestParserComparison.judged(results + compared, count: count)
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

    // MARK: - Cold: an empty cache (the first cycle after a start)

    private static func cold(
        _ repository: ManifestRepository, _ context: BenchContext, iterations: Int
    ) async throws -> [BenchmarkResult] {
        let name = "manifests/\(repository.count)/cold"
        guard context.includes(name) else { return [] }
        var statistics = ManifestCache.Statistics()
        var result = try await Measure.run(
            name, iterations: iterations, targetMilliseconds: repository.count == 5_000 ? 1_000 : nil,
            note: "DaemonSource.snapshot, new ManifestCache: list tree, read + decode every blob, cross-file rules"
        ) {
            let cache = ManifestCache()
            let snapshot = try await daemonSource(repository, commit: repository.initial, cache: cache).snapshot()
            guard snapshot.manifestSet?.images.count == repository.count else {
                throw BenchError("\(name): wrong image count")
            }
            statistics = cache.statistics
        }
        result.counters["blobs_read"] = Double(statistics.blobsRead)
        result.counters["files_decoded"] = Double(statistics.filesDecoded)
        return [result]
    }

    // MARK: - Cached: the product's cache across cycles

    private static func cached(
        _ repository: ManifestRepository, _ context: BenchContext, iterations: Int
    ) async throws -> [BenchmarkResult] {
        let count = repository.count
        var results: [BenchmarkResult] = []
        // (label, commits cycled through, cache capacity, target ms, note)
        let cases: [(String, [String], Int, Double?, String)] = [
            (
                "unchanged-commit", [repository.initial], 256, count == 5_000 ? 10 : nil,
                "same commit as the last cycle: commit id lookup"
            ),
            (
                "status-only-commit", [repository.initial, repository.statusOnly], 1, count == 5_000 ? 10 : nil,
                "new commit, manifests/ tree id unchanged: no blob read"
            ),
            (
                "one-manifest-changed", [repository.statusOnly, repository.oneChanged], 256, nil,
                "list tree, read + decode the changed blob, cross-file rules on all"
            ),
        ]
        for (label, commits, capacity, target, note) in cases {
            let name = "manifests/\(count)/\(label)"
            guard context.includes(name) else { continue }
            let cache = ManifestCache(capacity: capacity)
            _ = try await daemonSource(repository, commit: commits[0], cache: cache).snapshot()
            let before = cache.statistics
            var turn = 0
            var result = try await Measure.run(name, iterations: iterations, targetMilliseconds: target, note: note) {
                turn += 1
                let snapshot = try await daemonSource(repository, commit: commits[turn % commits.count], cache: cache)
                    .snapshot()
                guard snapshot.manifestSet?.images.count == count else { throw BenchError("\(name): wrong count") }
            }
            let after = cache.statistics
            let runs = Double(iterations + 1)
            result.counters["blobs_read_per_it"] = Double(after.blobsRead - before.blobsRead) / runs
            result.counters["decoded_per_it"] = Double(after.filesDecoded - before.filesDecoded) / runs
            let answers = after.answers.filter { $0.value != before.answers[$0.key] }.keys.map(\.rawValue).sorted()
            result.note = note + "; answered by: " + answers.joined(separator: ",")
            results.append(result)
        }
        return results
    }

    /// The daemon's source over the bare repository at `commit`, through `cache`.
    static func daemonSource(_ repository: ManifestRepository, commit: String, cache: ManifestCache) -> DaemonSource {
        DaemonSource(
            repositoryPath: repository.path, manifestCommit: commit, statusCommit: nil, manifestsPath: "manifests",
            statusPath: "status", manifestCache: cache)
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
                clone
                    + #"python3 -c 'import sys, glob, yaml; [yaml.load(open(f, "rb"), Loader=yaml.CLoader) for f in glob.glob(sys.argv[1] + "/r/manifests/*.yaml")]' "$d""#,
                "git clone --depth 1 + yaml.load(Loader=yaml.CLoader)"
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
}
