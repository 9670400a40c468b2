import Foundation
import KilnTestSupport
import Manifest

/// Hostile manifests at the limits the loader accepts: how long they take in a release build, and how much
/// stack the deepest nesting needs (probed in child processes, since running out of stack ends the process).
enum PathologicalManifests {
    static let header = """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: 1.0.0
          source: {ami: ami-0abc1234}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}

        """

    /// Named manifest texts.
    static let cases: [String: String] = {
        func flow(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        let laughs = (1...9).map {
            "    l\($0): &l\($0) [" + Array(repeating: "*l\($0 - 1)", count: 10).joined(separator: ", ") + "]"
        }
        let block = (0..<1_000).map { "\n" + String(repeating: " ", count: 4 + $0) + "k:" }.joined()
        return [
            "huge-script": header + "  provision:\n    - name: big\n      run: \""
                + String(repeating: "x", count: 1_040_000) + "\"\n",
            "flow-nesting-1000": header + "  provision: [{name: a, run: x}]\n  tags: " + flow(999) + "\n",
            "block-nesting-1000": header + "  provision: [{name: a, run: x}]\n  rollout:" + block + " v\n",
            "alias-laughs": header + "  provision: [{name: a, run: x}]\n  x-laughs:\n    l0: &l0 [lol]\n"
                + laughs.joined(separator: "\n") + "\n  tags: {a: *l9}\n",
        ]
    }()

    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        for (label, text) in cases.sorted(by: { $0.key < $1.key }) {
            let name = "manifests/pathological/\(label)"
            guard context.includes(name) else { continue }
            let file = ManifestFile(path: "manifests/web.yaml", text: text)
            var errors = 0
            var result = try await Measure.run(name, iterations: context.iterations(10, quick: 2)) {
                errors = ManifestLoader.load(files: [file]).errorCount
            }
            result.counters["bytes"] = Double(file.contents.count)
            result.counters["errors"] = Double(errors)
            results.append(result)
        }
        let name = "manifests/pathological/min-stack"
        if context.includes(name) { results.append(try await minimumStack(context, name)) }
        return results
    }

    /// The smallest thread stack on which each nesting case loads, probed in child processes.
    private static func minimumStack(_ context: BenchContext, _ name: String) async throws -> BenchmarkResult {
        var counters: [String: Double] = [:]
        let sizes = [64, 128, 256, 512, 1_024, 2_048, 4_096, 8_192]
        for label in ["flow-nesting-1000", "block-nesting-1000"] {
            var smallest: Int?
            for kibibytes in sizes {
                let output = try await ProcessRunner.run(
                    context.executable, ["probe-stack", "--case", label, "--kibibytes", "\(kibibytes)"])
                if output.status == 0 {
                    smallest = kibibytes
                    break
                }
            }
            counters["\(label)_KiB"] = Double(smallest ?? -1)
        }
        return BenchmarkResult(
            name: name, iterations: 1, medianMilliseconds: 0, p90Milliseconds: 0, minMilliseconds: 0,
            cpuMillisecondsPerIteration: 0, peakResidentMiB: 0, counters: counters,
            note: "smallest stack (of 64 KiB..8 MiB, doubling) that loads the case")
    }

    /// Loads one case on a thread with the given stack; used by `kiln-bench probe-stack`.
    static func probe(_ label: String, stackBytes: Int) -> Bool {
        guard let text = cases[label] else { return false }
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = ManifestLoader.load(files: [ManifestFile(path: "web.yaml", text: text)])
            done.signal()
        }
        thread.stackSize = stackBytes
        thread.start()
        done.wait()
        return true
    }
}
