import Foundation
import KilnTestSupport
import Testing

@testable import Controller

/// Update branches Kiln did not make alone are never moved or deleted, branches nothing claims any more are removed,
/// and every branch shows in the status: the daemon against moto and a repository made by the git CLI, people's
/// commits pushed with the git CLI.
@Suite(.serialized) struct UpdateBranchSafetyTests {
    typealias Case = SourceUpdateTests

    /// `status/<image>.yaml` on origin's main, read through the status model.
    static func status(_ remote: Remote, _ image: String) throws -> StatusDocument? {
        guard let text = try? remote.origin.git("show", "main:status/\(image).yaml") else { return nil }
        return StatusDocument.read(Data(text.utf8))
    }

    /// A person's commit of `files` on top of origin's `branch`, pushed there; returns its id.
    static func pushOnto(_ branch: String, _ files: [String: String], remote: Remote, amend: Bool = false) throws
        -> String
    {
        try remote.work.git("fetch", "-q", "origin", branch)
        try remote.work.git("checkout", "-q", "-B", "review", "FETCH_HEAD")
        try remote.work.write(files)
        try remote.work.git("add", "--all")
        try remote.work.git(["commit", "-q"] + (amend ? ["--amend", "--no-edit"] : ["-m", "Review fix"]))
        try remote.work.git("push", "-q", "-f", "origin", "HEAD:\(branch)")
        try remote.work.git("checkout", "-q", "-")
        return try remote.origin.revParse(branch)
    }

    @Test func aPersonsCommitOnAnUpdateBranchIsLeftReportedOncePerTipAndShownInTheStatus() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        let first = try await world.makeSource("1")
        let remote = try Remote(manifests: ["web.yaml": Case.manifest(version: "1.0.0")])
        let clock = InstantClock()
        let parts = try DaemonParts(remote: remote, reconciler: world.reconciler(clock: clock), clock: clock)
        let daemon = parts.daemon
        try await DaemonEndToEndTests.converge(daemon, clock: clock)

        // Kiln's proposal: pending in status/web.yaml and in status/README.md.
        let second = try await world.makeSource("2")
        var updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed], "\(updates)")
        let branch = "kiln/update/web"
        let kilns = try remote.origin.revParse(branch)
        let pending = try #require(try Self.status(remote, "web")?.updateBranch)
        #expect(
            pending
                == StatusUpdateBranch(
                    branch: branch, state: "pending", currentVersion: "1.0.0", proposedVersion: "1.0.1",
                    sourceChange: "\(first) → \(second)", commit: kilns, reason: nil))
        let readme = try remote.origin.git("show", "main:status/README.md")
        #expect(readme.contains("| web | `kiln/update/web` | pending | 1.0.0 → 1.0.1 |"), "\(readme)")
        #expect(try remote.origin.git("log", "-1", "--format=%s", "main").hasPrefix("status: update branches:"))

        // A steady cycle writes no status commit for it.
        let statusTip = try remote.origin.revParse("main")
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.unchanged])
        #expect(try remote.origin.revParse("main") == statusTip)

        // A person fixes the pull request with a commit of their own; a newer source would move the branch.
        let theirs = try Self.pushOnto(
            branch, ["manifests/web.yaml": Case.manifest(version: "1.0.1") + "# reviewed\n"], remote: remote)
        _ = try await world.makeSource("3")
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left], "\(updates)")
        #expect(try remote.origin.revParse(branch) == theirs, "the person's commit is never dropped")
        var report = try #require(await daemon.lastReport)
        #expect(report.planText.contains("update kiln/update/web: left, has commits not made by Kiln"))
        let told = NotificationEvent.events(of: report).filter { $0.event == .updateLeft }
        #expect(told.map(\.commit) == [theirs] && told.map(\.branch) == [branch])
        #expect(parts.metricsText.contains(#"kiln_update_pushes_total{outcome="left"} 1"#))
        let left = try #require(try Self.status(remote, "web")?.updateBranch)
        #expect(left.state == "left" && left.commit == theirs && left.reason == "has commits not made by Kiln")

        // Next cycle: still left, counted and logged once for this tip, the same notification key (told once).
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left])
        report = try #require(await daemon.lastReport)
        #expect(NotificationEvent.events(of: report).filter { $0.event == .updateLeft }.map(\.key) == told.map(\.key))
        #expect(parts.metricsText.contains(#"kiln_update_pushes_total{outcome="left"} 1"#))

        // Kiln's own commit amended by a person (author kept, committer changed) is not Kiln's either.
        try remote.work.git("push", "-q", "-f", "origin", "\(kilns):refs/heads/\(branch)")
        let amended = try Self.pushOnto(
            branch, ["manifests/web.yaml": Case.manifest(version: "1.0.2")], remote: remote, amend: true)
        #expect(try Case.showAuthor(remote, branch) == "Kiln")
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left], "\(updates)")
        #expect(try remote.origin.revParse(branch) == amended)
        #expect(kilns != amended)
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }

    @Test func branchesNothingClaimsAreDeletedWhenKilnsAndLeftOtherwise() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        _ = try await world.makeSource("1")
        let remote = try Remote(manifests: [
            "web.yaml": Case.manifest(version: "1.0.0"), "api.yaml": Case.manifest("api", version: "2.0.0"),
            "db.yaml": Case.manifest("db", version: "3.0.0"),
        ])
        let clock = InstantClock()
        let parts = try DaemonParts(remote: remote, reconciler: world.reconciler(clock: clock), clock: clock)
        let daemon = parts.daemon
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        _ = try await world.makeSource("2")
        var updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed, .pushed, .pushed], "\(updates)")
        #expect(try remote.updateBranches() == ["kiln/update/api", "kiln/update/db", "kiln/update/web"])

        // A branch made by hand under kiln/update/, a person's commit on api's branch, then autoUpdate turned off
        // for web and the manifests of api and db deleted.
        try remote.work.git("push", "-q", "origin", "HEAD:refs/heads/kiln/update/hand")
        let hand = try remote.origin.revParse("kiln/update/hand")
        let apiTip = try Self.pushOnto(
            "kiln/update/api", ["manifests/api.yaml": Case.manifest("api", version: "2.0.1") + "# ok\n"],
            remote: remote)
        try remote.work.git("pull", "-q", "--rebase", "origin", "main")
        try remote.work.commit(
            ["manifests/web.yaml": Case.manifest(version: "1.0.0", autoUpdate: nil)],
            removing: ["manifests/api.yaml", "manifests/db.yaml"], message: "Stop updating web; drop api and db")
        try remote.work.git("push", "-q", "origin", "HEAD:main")
        #expect(await daemon.pass(.timer) == .cycled)
        updates = try #require(await daemon.lastReport).updates
        let outcomes = Dictionary(uniqueKeysWithValues: updates.map { ($0.branch, $0) })
        #expect(
            outcomes["kiln/update/web"]?.outcome == .deleted
                && outcomes["kiln/update/web"]?.detail == "autoUpdate is off")
        #expect(
            outcomes["kiln/update/db"]?.outcome == .deleted
                && outcomes["kiln/update/db"]?.detail == "no manifest names the image")
        #expect(outcomes["kiln/update/api"]?.outcome == .left && outcomes["kiln/update/api"]?.commit == apiTip)
        #expect(outcomes["kiln/update/hand"]?.outcome == .left && outcomes["kiln/update/hand"]?.commit == hand)
        #expect(try remote.updateBranches() == ["kiln/update/api", "kiln/update/hand"], "\(updates)")
        #expect(try remote.origin.revParse("kiln/update/api") == apiTip)
        #expect(try Self.status(remote, "web")?.updateBranch == nil, "a deleted branch leaves the status")
        #expect(parts.metricsText.contains("kiln_update_branches 2"))
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }
}

extension SourceUpdateTests {
    /// The author name of a revision of origin.
    static func showAuthor(_ remote: Remote, _ revision: String) throws -> String {
        try remote.show("%an", revision)
    }
}
