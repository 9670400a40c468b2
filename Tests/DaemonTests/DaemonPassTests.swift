import Foundation
import KilnTestSupport
import Testing

@testable import Controller

@Suite struct DaemonPassTests {
    static let manifest = "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: web}\n"

    @Test func aCycleWritesAStatusCommitWithTheTrailer() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let manifestCommit = try remote.origin.git("rev-parse", "main")
        let reconciler = FakeReconciler()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: ManualClock())
        #expect(await parts.daemon.pass(.startup) == .cycled)
        #expect(reconciler.commits == [manifestCommit])
        let log = try remote.log()
        #expect(log.count == 2)
        #expect(log.first?.hasSuffix(" status: web 1.0.0 Ready in us-east-1") == true, "\(log)")
        let message = try remote.origin.git("log", "-1", "--format=%B", "main")
        #expect(message.hasSuffix("Kiln-Observed-Commit: \(manifestCommit)"), "\(message)")
        let author = try remote.origin.git("log", "-1", "--format=%an <%ae>|%cn <%ce>", "main")
        #expect(author == "Kiln <kiln@localhost>|Kiln <kiln@localhost>")
        try remote.origin.git("fsck", "--strict", "--no-progress")
        let files = try remote.origin.git("ls-tree", "-r", "--name-only", "main", "status/")
        #expect(files.split(separator: "\n") == ["status/README.md", "status/web.yaml"])
        #expect(parts.metricsText.contains(#"kiln_cycles_total{outcome="converged"} 1"#))
        #expect(parts.metricsText.contains(#"kiln_status_writes_total{outcome="pushed"} 1"#))
    }

    @Test func commitsTouchingOnlyStatusStartNoCycle() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FakeReconciler()
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: clock)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        // Kiln's own status commit moved the tip: no cycle.
        #expect(await parts.daemon.pass(.webhook) == .idle)
        // A person's status-only commit: no cycle either.
        try remote.push(["status/notes.md": "looked at this\n"], message: "Note on status")
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.webhook) == .idle)
        #expect(await parts.daemon.pass(.timer) == .idle)
        #expect(reconciler.commits.count == 1)
        // A manifest commit runs a cycle at once, on that commit.
        let bump = try remote.push(["manifests/web.yaml": Self.manifest + "# 1.0.1\n"], message: "Bump web")
        #expect(await parts.daemon.pass(.webhook) == .cycled)
        #expect(reconciler.commits.last == bump)
        let trailer = try remote.origin.git(
            "log", "-1", "--format=%(trailers:key=Kiln-Observed-Commit,valueonly)", "main")
        #expect(trailer == bump)
    }

    @Test func anUnchangedWorldMakesNoNewCommits() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FakeReconciler()
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: clock)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        let before = try remote.log()
        for _ in 0..<3 {
            clock.advance(by: 601)  // past the resync interval: a level-triggered cycle runs
            #expect(await parts.daemon.pass(.timer) == .cycled)
        }
        #expect(reconciler.commits.count == 4)
        #expect(try remote.log() == before)
        #expect(parts.metricsText.contains(#"kiln_status_writes_total{outcome="unchanged"} 3"#))
    }

    @Test func aRestartedDaemonKeepsTheObservedCommit() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let manifestCommit = try remote.origin.git("rev-parse", "main")
        let first = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: ManualClock())
        #expect(await first.daemon.pass(.startup) == .cycled)
        let before = try remote.log()
        let reconciler = FakeReconciler()
        let second = try DaemonParts(remote: remote, reconciler: reconciler, clock: ManualClock())
        #expect(await second.daemon.pass(.startup) == .cycled)
        #expect(reconciler.commits == [manifestCommit])
        #expect(try remote.log() == before)
    }

    @Test func aFailingCommitBacksOffButANewerOneRunsAtOnce() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FakeReconciler(FakeReconciler.failing)
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: clock)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        #expect(await parts.daemon.pass(.webhook) == .idle)
        clock.advance(by: 15)
        #expect(await parts.daemon.pass(.timer) == .cycled)
        #expect(await parts.daemon.schedule.consecutiveFailures == 2)
        clock.advance(by: 20)  // the second backoff is 30s
        #expect(await parts.daemon.pass(.timer) == .idle)
        let fix = try remote.push(["manifests/web.yaml": Self.manifest + "# fixed\n"], message: "Fix web")
        reconciler.answer(FakeReconciler.ready)
        #expect(await parts.daemon.pass(.webhook) == .cycled)
        #expect(reconciler.commits.last == fix)
        #expect(await parts.daemon.schedule.consecutiveFailures == 0)
        #expect(parts.metricsText.contains(#"kiln_cycles_total{outcome="failed"} 2"#))
    }

    @Test func aSeparateStatusBranchLeavesTheTrackedBranchAlone() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let before = try remote.log()
        let parts = try DaemonParts(
            remote: remote, reconciler: FakeReconciler(), clock: ManualClock(), statusBranch: "kiln-status")
        #expect(await parts.daemon.pass(.startup) == .cycled)
        #expect(try remote.log() == before)
        let status = try remote.log("kiln-status")
        #expect(status.count == 1)
        #expect(status.first?.hasSuffix("status: web 1.0.0 Ready in us-east-1") == true)
        try remote.origin.git("fsck", "--strict", "--no-progress")
        #expect(await parts.daemon.pass(.webhook) == .idle)
    }

    @Test func aSecondDaemonStandsBy() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let lockFile = remote.fixture.path("kiln.lock")
        let holder = LockFileLease(path: lockFile)
        #expect(try await holder.acquire())
        let reconciler = FakeReconciler()
        let parts = try DaemonParts(
            remote: remote, reconciler: reconciler, clock: ManualClock(), lease: LockFileLease(path: lockFile))
        #expect(await parts.daemon.pass(.startup) == .standby)
        #expect(reconciler.commits.isEmpty)
        #expect(parts.daemon.health.snapshot.standby)
        await holder.release()
        #expect(await parts.daemon.pass(.startup) == .cycled)
    }

    @Test func anUnreachableRemoteIsReportedAndBacksOff() async throws {
        let remote = try Remote(url: { _ in "file:///nonexistent/origin.git" }, manifests: ["web.yaml": Self.manifest])
        let parts = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: ManualClock())
        #expect(await parts.daemon.pass(.startup) == .fetchFailed)
        #expect(parts.daemon.health.snapshot.fetchError != nil)
        #expect(await parts.daemon.schedule.retryAt != nil)
        #expect(parts.metricsText.contains(#"kiln_git_fetches_total{outcome="error"} 1"#))
    }
}
