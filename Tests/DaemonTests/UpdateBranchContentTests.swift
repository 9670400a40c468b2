import Foundation
import KilnTestSupport
import Testing

@testable import Controller

/// An update branch's tip is Kiln's by its content, not by the names on it: commits made with the git CLI under
/// Kiln's name and email, with Kiln's trailers and a parent on the tracked branch, are moved or deleted only when
/// they hold exactly Kiln's edit of the manifest. The daemon against moto and a repository made by the git CLI.
@Suite(.serialized) struct UpdateBranchContentTests {
    typealias Case = SourceUpdateTests

    /// A commit made by hand under Kiln's name and email (author and committer) on the parent of `branch`'s tip,
    /// holding `files` and the tip's message, pushed to `branch` in place of the tip; returns its id.
    static func forge(_ branch: String, _ files: [String: String], remote: Remote, date: Int) throws -> String {
        let message = try remote.origin.git("log", "-1", "--format=%B", branch)
        let messageFile = remote.fixture.path("forged-message.txt")
        try Data(message.utf8).write(to: URL(fileURLWithPath: messageFile))
        try remote.work.git("fetch", "-q", "origin", branch)
        try remote.work.git("checkout", "-q", "-B", "forged", "FETCH_HEAD^")
        try remote.work.write(files)
        try remote.work.git("add", "--all")
        let stamp = "\(date) +0000"
        try remote.work.git(
            ["commit", "-q", "-F", messageFile],
            environment: [
                "GIT_AUTHOR_NAME": "Kiln", "GIT_AUTHOR_EMAIL": "kiln@localhost", "GIT_AUTHOR_DATE": stamp,
                "GIT_COMMITTER_NAME": "Kiln", "GIT_COMMITTER_EMAIL": "kiln@localhost", "GIT_COMMITTER_DATE": stamp,
            ])
        try remote.work.git("push", "-q", "-f", "origin", "HEAD:\(branch)")
        try remote.work.git("checkout", "-q", "-")
        return try remote.origin.revParse(branch)
    }

    @Test func commitsThatOnlyClaimToBeKilnsAreLeftAndAHandMadeCopyOfKilnsIsMoved() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        _ = try await world.makeSource("1")
        let remote = try Remote(manifests: ["web.yaml": Case.manifest(version: "1.0.0")])
        let clock = InstantClock()
        let parts = try DaemonParts(remote: remote, reconciler: world.reconciler(clock: clock), clock: clock)
        let daemon = parts.daemon
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        let second = try await world.makeSource("2")
        var updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed], "\(updates)")
        let branch = "kiln/update/web"
        let kilns = try remote.origin.revParse(branch)
        let edit = Case.manifest(version: "1.0.1")

        // Kiln's proposal made again by hand, byte for byte in tree and message: Kiln's, so a newer source moves it
        // and nothing is lost (the new commit holds the same file).
        let copy = try Self.forge(branch, ["manifests/web.yaml": edit], remote: remote, date: 1_750_000_000)
        #expect(copy != kilns)
        #expect(
            try remote.origin.git("rev-parse", "\(copy)^{tree}") == remote.origin.git("rev-parse", "\(kilns)^{tree}"))
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.unchanged], "\(updates)")
        let third = try await world.makeSource("3")
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed], "\(updates)")
        let moved = try remote.origin.revParse(branch)
        #expect(moved != copy)
        #expect(try remote.origin.git("show", "\(moved):manifests/web.yaml") + "\n" == edit)
        #expect(try remote.show("%(trailers:key=Kiln-Source-AMI,valueonly)", branch).hasSuffix("-> \(third)"))

        // Kiln's edit plus another file, under Kiln's names and message: left, neither moved nor deleted.
        let extra = try Self.forge(
            branch, ["manifests/web.yaml": edit, "docs/notes.md": "keep me\n"], remote: remote, date: 1_750_000_060)
        let fourth = try await world.makeSource("4")
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left], "\(updates)")
        #expect(
            updates.first?.detail == "has commits not made by Kiln (it changes files other than the image's manifest)")
        #expect(try remote.origin.revParse(branch) == extra)
        var report = try #require(await daemon.lastReport)
        #expect(NotificationEvent.events(of: report).filter { $0.event == .updateLeft }.map(\.commit) == [extra])

        // The manifest changed beyond Kiln's edit (the new version and a bigger builder): left, and still left when
        // the sources go back, which would delete Kiln's own branch.
        let bigger = edit.replacingOccurrences(of: "instanceType: t3.micro", with: "instanceType: t3.large")
        #expect(bigger != edit)
        let field = try Self.forge(branch, ["manifests/web.yaml": bigger], remote: remote, date: 1_750_000_120)
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left], "\(updates)")
        #expect(updates.first?.detail == "has commits not made by Kiln (its manifest differs from Kiln's edit)")
        #expect(try remote.origin.revParse(branch) == field)
        for source in [fourth, third, second] {
            try await world.removeSource(source)
        }
        updates = try await Case.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.left], "\(updates)")
        #expect(try remote.origin.revParse(branch) == field, "never deleted")
        report = try #require(await daemon.lastReport)
        #expect(report.planText.contains("update kiln/update/web: left, has commits not made by Kiln (its manifest"))
        let status = try #require(try UpdateBranchSafetyTests.status(remote, "web")?.updateBranch)
        #expect(status.state == "left" && status.commit == field)
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }
}
