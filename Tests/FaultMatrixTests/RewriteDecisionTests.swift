import Controller
import Foundation
import KilnTestSupport
import Testing

/// A history rewrite is an operator's decision: with the default `repository.allowRewrite: false`, a force-push
/// that drops a commit Kiln acted on stops Kiln until the operator allows it (or pushes a descendant).
@Suite(.sharedMoto, .serialized)
struct RewriteDecisionTests {
    @Test func aRewrittenHistoryWaitsForTheOperator() async throws {
        let seed: UInt64 = 7
        let harness = try await GitHarness.make(
            moto: try SharedMoto.server(), seed: seed, manifest: GitFaultTests.manifest("1.0.0"))
        defer { harness.stop() }
        let root = try #require(harness.userCommits.all.first)
        _ = try await harness.converge(to: "1.0.0", manifestCommit: root, seed: seed)
        let bump = try harness.push(["manifests/web.yaml": GitFaultTests.manifest("1.1.0")], message: "web 1.1.0")
        _ = try await harness.converge(to: "1.1.0", manifestCommit: bump, seed: seed)
        #expect(await harness.daemon.actedCommit?.hex == bump)

        // Someone force-pushes a history without the 1.1.0 bump, asking for 1.2.0.
        let rewritten = try harness.forcePush(
            onto: root, ["manifests/web.yaml": GitFaultTests.manifest("1.2.0")], message: "web 1.2.0, rewritten")
        let cycles = await harness.daemon.cycleCount
        for _ in 0..<3 {
            #expect(await harness.daemon.pass(.timer) == .refused)
            harness.clock.advance(to: max(await harness.daemon.schedule.nextWake, harness.clock.now() + 1))
        }
        #expect(await harness.daemon.cycleCount == cycles, "no cycle on a rewritten history")
        #expect(await harness.daemon.sourceRefusal?.reason == "history_rewritten")
        let reasons = harness.daemon.health.unreadyReasons(now: harness.clock.now())
        #expect(reasons.contains { $0.hasPrefix("source: commit \(rewritten.prefix(7)): the branch was rewritten") })
        #expect(harness.metrics.counterTotal(label: "kiln_source_refusals_total") == 1, "counted once")
        let status = try harness.origin.git("show", "main:status/web.yaml")
        #expect(status.contains("reason: history_rewritten"), "\(status)")
        #expect(status.contains(rewritten), "\(status)")
        var state = try await FaultWorld(endpoint: harness.proxy.endpoint).state()
        #expect(state.amis(of: "web")["1.2.0"] == nil, "nothing baked for the rewritten history")

        // A restart remembers the commit acted on (a ref in the mirror): still refused.
        let restarted = try harness.restarted(with: harness.settings)
        #expect(await restarted.daemon.pass(.startup) == .refused)

        // The operator allows the rewrite: Kiln follows the new tip.
        var allowing = harness.settings
        allowing.repository.allowRewrite = true
        let following = try harness.restarted(with: allowing)
        _ = try await following.converge(to: "1.2.0", manifestCommit: rewritten, seed: seed)
        state = try await FaultWorld(endpoint: harness.proxy.endpoint).state()
        #expect(state.ami("web", "1.2.0") != nil)
        #expect(await following.daemon.sourceRefusal == nil)
        let after = try harness.origin.git("show", "main:status/web.yaml")
        #expect(!after.contains("history_rewritten"), "the refusal is gone from the status: \(after)")
    }
}
