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

extension ManifestParserComparison {
    /// Kiln's cold loads of `count` manifests (from git and from disk) judged against PyYAML's C loader of the same
    /// run: at 5,000 manifests the target is under 1 s and at most half of PyYAML's own parse time
    /// (`python_parse_ms`, interpreter start-up left out, so the comparison favours PyYAML).
    static func judged(_ results: [BenchmarkResult], count: Int) -> [BenchmarkResult] {
        guard count == 5_000 else { return results }
        let python = results.first { $0.name == "manifests/\(count)/pyyaml-cloader" }
        let parse = python?.counters["python_parse_ms"]
        return results.map { result in
            guard result.name == "manifests/\(count)/cold" || result.name == "manifests/\(count)/disk-cold" else {
                return result
            }
            var judged = result
            guard let parse, parse > 0 else {
                judged.target = "< 1000 ms and <= 1/2 PyYAML (not run: add --filter manifests/\(count)/pyyaml)"
                judged.targetMet = false
                return judged
            }
            judged.counters["vs_pyyaml_parse"] = result.medianMilliseconds / parse
            judged.target = "< 1000 ms and <= 1/2 PyYAML (\(BenchmarkResult.format(parse)) ms)"
            judged.targetMet = result.medianMilliseconds < 1_000 && result.medianMilliseconds * 2 <= parse
            return judged
        }
    }
}
