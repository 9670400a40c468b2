/// One benchmark's figures, as printed in the table and in `--json`.
struct BenchmarkResult: Sendable, Codable {
    /// `group/case`, e.g. `manifests/load-cold-5000`.
    var name: String
    var iterations: Int
    /// Wall time per iteration, in milliseconds.
    var medianMilliseconds: Double
    var p90Milliseconds: Double
    var minMilliseconds: Double
    /// CPU time (user + system, all threads) per iteration, in milliseconds.
    var cpuMillisecondsPerIteration: Double
    /// The resident-set peak during the benchmark, in MiB.
    var peakResidentMiB: Double
    /// Extra figures: AWS calls per region, blobs written, actions planned, ...
    var counters: [String: Double] = [:]
    /// The target, e.g. `< 1000 ms`, and whether the median meets it.
    var target: String?
    var targetMet: Bool?
    /// Anything a reader needs to interpret the row.
    var note: String?
}

extension BenchmarkResult {
    /// Builds a result from per-iteration wall times (seconds) and the resources used around them.
    init(
        name: String, wallSeconds: [Double], before: ResourceUsage, after: ResourceUsage,
        counters: [String: Double] = [:], targetMilliseconds: Double? = nil, note: String? = nil
    ) {
        let sorted = wallSeconds.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p * Double(sorted.count - 1)).rounded(.up))
            return sorted[min(rank, sorted.count - 1)] * 1_000
        }
        let count = max(1, wallSeconds.count)
        self.init(
            name: name, iterations: wallSeconds.count, medianMilliseconds: percentile(0.5),
            p90Milliseconds: percentile(0.9), minMilliseconds: (sorted.first ?? 0) * 1_000,
            cpuMillisecondsPerIteration: (after.cpuSeconds - before.cpuSeconds) * 1_000 / Double(count),
            peakResidentMiB: Double(after.peakResidentBytes) / 1_048_576,
            counters: counters, target: targetMilliseconds.map { "< \(Self.format($0)) ms" },
            targetMet: targetMilliseconds.map { percentile(0.5) < $0 }, note: note)
    }

    static func format(_ value: Double) -> String {
        if value >= 100 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        if value >= 1 { return String(format: "%.2f", value) }
        return String(format: "%.3f", value)
    }
}
