import Foundation

/// How many cases a fuzz test runs, and from which seed.
///
/// CI runs a bounded, seeded sample. `KILN_FUZZ_ITERATIONS=N` runs N cases per test instead (the full
/// version, on demand); `KILN_FUZZ_SEED=S` replays another run. Every reported failure names its seed and
/// case index, so `KILN_FUZZ_SEED=S KILN_FUZZ_ONLY=I` replays that case alone.
struct FuzzBudget: Sendable {
    var iterations: Int
    var seed: UInt64
    var only: Int?

    /// The budget for a test whose CI default is `defaultIterations`.
    static func current(default defaultIterations: Int) -> FuzzBudget {
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["KILN_FUZZ_ITERATIONS"].flatMap(Int.init) ?? defaultIterations
        let seed = environment["KILN_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x4B49_4C4E
        let only = environment["KILN_FUZZ_ONLY"].flatMap(Int.init)
        return FuzzBudget(iterations: max(1, iterations), seed: seed, only: only)
    }

    /// The case indexes to run.
    var indexes: [Int] {
        if let only { return [only] }
        return Array(0..<iterations)
    }

    /// A generator for one case.
    func generator(_ index: Int) -> SeededGenerator {
        SeededGenerator.forCase(index, of: seed)
    }

    /// `seed S case I`, for failure messages.
    func name(_ index: Int) -> String {
        "KILN_FUZZ_SEED=\(seed) KILN_FUZZ_ONLY=\(index)"
    }
}
