/// Runs a benchmark body a number of times and measures it.
enum Measure {
    /// Runs `body` `warmup` times unmeasured, then `iterations` times measured: wall time per iteration, CPU time
    /// and peak memory over the measured runs.
    static func run(
        _ name: String, iterations: Int, warmup: Int = 1, targetMilliseconds: Double? = nil, note: String? = nil,
        _ body: () async throws -> Void
    ) async throws -> BenchmarkResult {
        for _ in 0..<warmup { try await body() }
        return try await timed(
            name, iterations: iterations, targetMilliseconds: targetMilliseconds, note: note, body)
    }

    /// Like ``run(_:iterations:warmup:targetMilliseconds:note:_:)`` with no warm-up: for first-time (cold) work
    /// whose set-up the body does itself.
    static func timed(
        _ name: String, iterations: Int, targetMilliseconds: Double? = nil, note: String? = nil,
        counters: [String: Double] = [:], _ body: () async throws -> Void
    ) async throws -> BenchmarkResult {
        let clock = ContinuousClock()
        ResourceUsage.resetPeak()
        let before = ResourceUsage.current()
        var walls: [Double] = []
        for _ in 0..<max(1, iterations) {
            let start = clock.now
            try await body()
            walls.append(seconds(clock.now - start))
        }
        let after = ResourceUsage.current()
        return BenchmarkResult(
            name: name, wallSeconds: walls, before: before, after: after, counters: counters,
            targetMilliseconds: targetMilliseconds, note: note)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
