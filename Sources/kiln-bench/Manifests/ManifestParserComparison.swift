import Foundation
import KilnTestSupport
import Manifest

/// Kiln's loader and PyYAML's C loader (`yaml.CLoader`, libyaml) side by side on the same files on disk.
///
/// Kiln's row reads, decodes and validates every file (cross-file rules included) in process; PyYAML's row only
/// parses them, in one python3 process whose start-up is included (its own parse time is the counter
/// `python_parse_ms`).
enum ManifestParserComparison {
    static func run(
        count: Int, corpus: ManifestCorpus, _ context: BenchContext, iterations: Int
    ) async throws -> [BenchmarkResult] {
        let kilnName = "manifests/\(count)/disk-cold"
        let pythonName = "manifests/\(count)/pyyaml-cloader"
        guard context.includes(kilnName) || context.includes(pythonName) else { return [] }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiln-bench-manifests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (path, text) in corpus.files(count: count) {
            let full = (directory as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
        let manifests = (directory as NSString).appendingPathComponent("manifests")
        var results: [BenchmarkResult] = []
        if context.includes(kilnName) {
            results.append(
                try await Measure.run(
                    kilnName, iterations: iterations, targetMilliseconds: count == 5_000 ? 1_000 : nil,
                    note: "ManifestLoader.load(directory:): read + decode + validate every file, all cores"
                ) {
                    let set = try ManifestLoader.load(directory: manifests)
                    guard set.isComplete, set.images.count == count else {
                        throw BenchError("\(kilnName): \(set.diagnostics.prefix(3))")
                    }
                })
        }
        if context.includes(pythonName) {
            let script = """
                import sys, glob, time, yaml
                start = time.perf_counter()
                docs = [yaml.load(open(f, 'rb'), Loader=yaml.CLoader) for f in sorted(glob.glob(sys.argv[1] + '/*.yaml'))]
                assert len(docs) == int(sys.argv[2])
                print((time.perf_counter() - start) * 1000)
                """
            var parses: [Double] = []
            var result = try await Measure.run(
                pythonName, iterations: iterations, note: "python3 yaml.load(Loader=yaml.CLoader) per file (subprocess)"
            ) {
                let output = try await ProcessRunner.run("python3", ["-c", script, manifests, "\(count)"])
                guard output.status == 0 else { throw BenchError("\(pythonName): \(output.stderr.prefix(300))") }
                if let milliseconds = Double(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
                    parses.append(milliseconds)
                }
            }
            result.counters["python_parse_ms"] = ManifestBenchmarks.median(parses)
            results.append(result)
        }
        return results
    }
}
