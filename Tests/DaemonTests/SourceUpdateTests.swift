import Foundation
import KilnTestSupport
import Testing

@testable import Controller

/// Source updates arrive as branches: the daemon against moto (behind the FaultProxy) and a real repository made by
/// the git CLI. A newer AMI for an image's filter, or a newer ready version of its base image, becomes one commit on
/// `kiln/update/<image>` that changes only the `spec.version` line; the tracked branch is never written by it.
@Suite(.serialized) struct SourceUpdateTests {
    static func manifest(
        _ name: String = "web", version: String, autoUpdate: String? = "{source: patch}",
        source: String = #"filter: {name: "kiln-e2e-base-*", owners: [self]}"#
    ) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          # bumped by people, or proposed by Kiln
          version: \(version)   # keep this comment
        \(autoUpdate.map { "  autoUpdate: \($0)\n" } ?? "")  source:
            \(source)
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: echo provisioning
          retention: {keep: 3, minAge: 7d}

        """
    }

    /// One pass after the resync interval; returns the cycle's update records.
    static func resync(_ daemon: Daemon, clock: InstantClock) async throws -> [UpdateBranchRecord] {
        clock.advance(by: 700)
        #expect(await daemon.pass(.timer) == .cycled)
        return try #require(await daemon.lastReport).updates
    }

    @Test func aNewerSourceAMIArrivesAsOneCommitOnAnUpdateBranch() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        let first = try await world.makeSource("1")
        let remote = try Remote(manifests: [
            "web.yaml": Self.manifest(version: "1.0.0"),
            "plain.yaml": Self.manifest("plain", version: "2.0.0", autoUpdate: nil),
            "off.yaml": Self.manifest("off", version: "3.0.0", autoUpdate: "{source: none}"),
        ])
        let clock = InstantClock()
        let parts = try DaemonParts(remote: remote, reconciler: world.reconciler(clock: clock), clock: clock)
        let daemon = parts.daemon
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        #expect(try remote.updateBranches().isEmpty, "no newer source: no branch")
        let manifestsBefore = try remote.origin.git("rev-parse", "main:manifests")

        // A newer source: one branch, one commit on the tracked tip, only the version line changed.
        let second = try await world.makeSource("2")
        var updates = try await Self.resync(daemon, clock: clock)
        #expect(try remote.updateBranches() == ["kiln/update/web"], "none and absent autoUpdate propose nothing")
        #expect(updates.map(\.outcome) == [.pushed] && updates.first?.to == "1.0.1", "\(updates)")
        let branch = "kiln/update/web"
        let pushed = try remote.origin.revParse(branch)
        #expect(try remote.origin.git("rev-list", "--count", "main..\(branch)") == "1")
        // On the tip the proposal saw; the status commit naming the branch follows it on main.
        #expect(try remote.origin.revParse("\(branch)^") == remote.origin.revParse("main^"))
        let stat = try remote.origin.git("diff", "--stat", "\(branch)^", branch)
        #expect(
            stat.contains("manifests/web.yaml | 2 +-") && stat.contains("1 file changed, 1 insertion(+), 1 deletion(-)")
        )
        let proposed = try remote.origin.git("show", "\(branch):manifests/web.yaml") + "\n"
        #expect(proposed == Self.manifest(version: "1.0.1"))
        #expect(try remote.show("%s", branch) == "web: 1.0.0 → 1.0.1 (source \(first) → \(second))")
        #expect(try remote.show("%(trailers:key=Kiln-Image,valueonly)", branch) == "web")
        #expect(try remote.show("%(trailers:key=Kiln-Source-AMI,valueonly)", branch) == "\(first) -> \(second)")
        #expect(try remote.show("%an", branch) == "Kiln")
        let report = try #require(await daemon.lastReport)
        #expect(NotificationEvent.events(of: report).filter { $0.event == .updatePushed }.map(\.branch) == [branch])
        #expect(report.planText.contains("update kiln/update/web: 1.0.0 → 1.0.1 (source \(first) → \(second)), pushed"))
        #expect(parts.metricsText.contains(#"kiln_update_pushes_total{outcome="pushed"} 1"#))
        #expect(parts.metricsText.contains("kiln_update_branches 1"))

        // A second cycle adds nothing.
        updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.unchanged])
        #expect(try remote.origin.revParse(branch) == pushed)

        // The source goes back: the branch goes.
        try await world.removeSource(second)
        updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.deleted], "\(updates)")
        #expect(try remote.updateBranches().isEmpty)

        // A newer one again, then the branch is merged by a person: the next cycle deletes it.
        let third = try await world.makeSource("3")
        updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed])
        #expect(try remote.show("%s", branch) == "web: 1.0.0 → 1.0.1 (source \(first) → \(third))")
        #expect(try remote.origin.git("rev-parse", "main:manifests") == manifestsBefore, "main is never written")
        try remote.work.git("pull", "-q", "--rebase", "origin", "main")
        try remote.work.git("fetch", "-q", "origin", branch)
        try remote.work.git("merge", "-q", "--no-edit", "FETCH_HEAD")
        try remote.work.git("push", "-q", "origin", "HEAD:main")
        #expect(await daemon.pass(.timer) == .cycled)
        #expect(try #require(await daemon.lastReport).updates.map(\.outcome) == [.deleted])
        #expect(try remote.updateBranches().isEmpty)

        // 1.0.1 is baked from the newest source; nothing more is proposed.
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.isEmpty, "\(updates)")
        #expect(try remote.updateBranches().isEmpty)
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }

    @Test func aBasesNewerVersionProposesItsDependentsBumpSignedAndRetriedAfterARefusal() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        let source = try await world.makeSource("1")
        let remote = try Remote(manifests: [
            "base.yaml": Self.manifest("base", version: "2.0.0", autoUpdate: nil),
            "app.yaml": Self.manifest("app", version: "1.0.0", autoUpdate: "{source: minor}", source: "image: base"),
        ])
        // Over git daemon, whose receive-pack runs the origin's hooks; commits signed with an SSH key.
        let server = try GitDaemon(basePath: remote.fixture.directory)
        defer { server.stop() }
        let kiln = try await SSHSigningKey.make(in: remote.fixture.directory, name: "kiln", principal: "kiln@acme")
        let allowed = try SSHSigningKey.allowedSigners([kiln], at: remote.fixture.path("allowed_signers"))
        let clock = InstantClock()
        let url = server.url(for: "origin.git")
        let parts = try DaemonParts(
            remote: remote, reconciler: world.reconciler(clock: clock), clock: clock, url: url
        ) { $0.git.signingKeyFile = kiln.privateKey }
        let daemon = parts.daemon
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        #expect(try remote.updateBranches().isEmpty)

        // The server refuses update branches: the base's bump is still baked and its status still pushed.
        let hook = remote.origin.path + "/hooks/pre-receive"
        let refuse = """
            #!/bin/sh
            while read old new ref; do
              case "$ref" in refs/heads/kiln/update/*) echo "update branches are closed" >&2; exit 1;; esac
            done

            """
        try Data(refuse.utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try remote.push(
            ["manifests/base.yaml": Self.manifest("base", version: "2.1.0", autoUpdate: nil)], message: "base 2.1.0")
        try await DaemonEndToEndTests.converge(daemon, clock: clock)
        var updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.failed], "\(updates)")
        #expect(updates.first?.detail?.contains("push refused") == true, "\(updates)")
        #expect(try remote.updateBranches().isEmpty)
        let text = try remote.origin.git("show", "main:status/base.yaml")
        let status = try #require(StatusDocument.read(Data(text.utf8)))
        #expect(status.desiredVersion == "2.1.0" && status.state == "Ready", "\(text)")
        #expect(parts.metricsText.contains(#"kiln_update_pushes_total{outcome="rejected"}"#))

        // The server accepts again: the next cycle pushes the proposal on the base's new version.
        try FileManager.default.removeItem(atPath: hook)
        updates = try await Self.resync(daemon, clock: clock)
        #expect(updates.map(\.outcome) == [.pushed], "\(updates)")
        let branch = "kiln/update/app"
        #expect(try remote.updateBranches() == [branch])
        #expect(try remote.show("%s", branch) == "app: 1.0.0 → 1.1.0 (source base@2.0.0 → base@2.1.0)")
        #expect(try remote.show("%(trailers:key=Kiln-Image,valueonly)", branch) == "app")
        #expect(try remote.show("%(trailers:key=Kiln-Source-Image,valueonly)", branch) == "base@2.0.0 -> base@2.1.0")
        #expect(try remote.origin.git("rev-list", "--count", "main..\(branch)") == "1")
        let stat = try remote.origin.git("diff", "--stat", "\(branch)^", branch)
        #expect(stat.contains("manifests/app.yaml | 2 +-"), "\(stat)")
        #expect(stat.contains("1 file changed, 1 insertion(+), 1 deletion(-)"))
        let proposed = try remote.origin.git("show", "\(branch):manifests/app.yaml") + "\n"
        #expect(
            proposed
                == Self.manifest("app", version: "1.1.0", autoUpdate: "{source: minor}", source: "image: base"))
        // Signed with git.signingKeyFile, as the status commits are; git verifies it.
        try remote.origin.git(["-c", "gpg.ssh.allowedSignersFile=\(allowed)", "verify-commit", branch])
        #expect(source.hasPrefix("ami-"))
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }
}
