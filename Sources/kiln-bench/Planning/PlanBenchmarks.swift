import Foundation
import Planner

/// The pure planner on 1,000 images × 10 versions × 2 regions.
enum PlanBenchmarks {
    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        guard context.includesGroup("plan/") else { return [] }
        let corpus = try ManifestCorpus(examples: context.examples)
        let world = try PlanWorld.make(images: 1_000, versions: 10, corpus: corpus)
        var results: [BenchmarkResult] = []
        for (label, input) in [("prune", world), ("steady", world.keepingEverything())] {
            let name = "plan/1000x10x2/\(label)"
            guard context.includes(name) else { continue }
            var plan: Plan?
            var result = try await Measure.run(name, iterations: context.iterations(10, quick: 2)) {
                plan = Planner.plan(desired: input.desired, actual: input.actual, now: input.now)
            }
            let actions = plan?.actions ?? []
            result.counters["actions"] = Double(actions.count)
            result.counters["deregistrations"] = Double(
                actions.count { if case .deregisterImage = $0.kind { true } else { false } })
            result.counters["amis"] = Double(input.actual.images.count)
            results.append(result)
        }
        return results
    }
}
