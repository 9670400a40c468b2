/// What every benchmark group gets: the run's options.
struct BenchContext: Sendable {
    /// Fewer sizes and iterations, for a quick look.
    var quick: Bool
    /// Only benchmarks whose name contains one of these (all when empty).
    var filters: [String]
    /// The example manifests the generated ones are varied from.
    var examples: String
    /// This executable, for child runs (stack probes).
    var executable: String
    /// The directory of the helper scripts (`deploy/bench`).
    var scripts: String = "deploy/bench"
    /// Image counts of the cycle benchmarks (default 100 and 1,000; 100 with `--quick`).
    var cycleImages: [Int] = []

    /// Whether a benchmark named `name` runs.
    func includes(_ name: String) -> Bool {
        filters.isEmpty || filters.contains { name.contains($0) }
    }

    /// Whether any benchmark whose name starts with `prefix` runs.
    func includesGroup(_ prefix: String) -> Bool {
        filters.isEmpty || filters.contains { $0.hasPrefix(prefix) || prefix.hasPrefix($0) || $0.contains(prefix) }
    }

    /// `full` iterations normally, `quick` with `--quick`.
    func iterations(_ full: Int, quick: Int) -> Int {
        self.quick ? quick : full
    }
}
