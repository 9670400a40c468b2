import Foundation
import Git
import KilnTestSupport

/// A repack of the daemon's mirror as it happens past the pack threshold: one fetched pack of a repository of
/// 1,000 manifests and 99 status-commit packs on top, consolidated into one pack through libgit2.
enum MirrorBenchmarks {
    static let manifests = 1_000
    static let packs = 100

    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        let name = "mirror/repack/\(manifests)-manifests/\(packs)-packs"
        guard context.includes(name) else { return [] }
        let fixture = try GitFixture()
        let template = try await mirrorWithPacks(in: fixture)
        let clock = ContinuousClock()
        var walls: [Double] = []
        var last: RepackSummary?
        ResourceUsage.resetPeak()
        let before = ResourceUsage.current()
        for iteration in 0..<context.iterations(10, quick: 3) {
            // Each repack consumes its packs: every iteration repacks a fresh copy of the template.
            let copy = fixture.path("copy-\(iteration).git")
            try FileManager.default.copyItem(atPath: template, toPath: copy)
            let repository = try Repository(at: copy)
            let start = clock.now
            let summary = try repository.repack(keepingObjectsNewerThan: .zero, now: Date().addingTimeInterval(2))
            walls.append(Measure.seconds(clock.now - start))
            guard summary.packsBefore == packs, summary.packsAfter == 1 else {
                throw BenchError("\(name): \(summary.packsBefore) packs became \(summary.packsAfter), not \(packs) → 1")
            }
            last = summary
            try FileManager.default.removeItem(atPath: copy)
        }
        let after = ResourceUsage.current()
        return [
            BenchmarkResult(
                name: name, wallSeconds: walls, before: before, after: after,
                counters: ["packs_before": Double(packs), "objects": Double(last?.objects ?? 0)],
                note: "Repository.repack, no grace (every object old); CPU includes copying the mirror per iteration")
        ]
    }

    /// A mirror whose first fetch brought `manifests` manifests, with status commits up to `packs` packs.
    private static func mirrorWithPacks(in fixture: GitFixture) async throws -> String {
        let work = try fixture.makeRepository("work")
        var files: [String: String] = [:]
        for index in 0..<manifests {
            files[String(format: "manifests/svc-%05d.yaml", index)] =
                "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: \(String(format: "svc-%05d", index))}\n"
        }
        try work.commit(files, message: "Manifests")
        let origin = try fixture.clone(work, as: "origin.git", bare: true)
        let mirror = try Mirror(url: origin.fileURL, cacheDirectory: fixture.path("mirrors"))
        var parent = try await mirror.fetch(branch: "main")
        try mirror.repository.setReference("refs/heads/status", to: parent, message: "bench: status")
        let kiln = Signature(name: "Kiln", email: "kiln@localhost", date: Date(timeIntervalSince1970: 1.8e9))
        var round = 0
        while try mirror.packCount() < packs {
            round += 1
            let status = ["status/svc-\(round % manifests).yaml": Data("round: \(round)\n".utf8)]
            guard
                let commit = try mirror.repository.commit(
                    parent: parent, updating: status, author: kiln, committer: kiln, message: "Status \(round)",
                    updatingBranch: "status")
            else { throw BenchError("status round \(round) changed nothing") }
            parent = commit
        }
        return URL(fileURLWithPath: mirror.path).standardizedFileURL.path
    }
}
