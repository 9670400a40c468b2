import Foundation
import KilnTestSupport
import Testing

@testable import Controller

/// The daemon against moto (behind the FaultProxy) and a `git daemon`: a version bump is baked and rolled out, a
/// revert rolls back without a bake, and each step leaves one status commit that passes `git fsck --strict`.
@Suite(.serialized) struct DaemonEndToEndTests {
    static func manifest(_ version: String) -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: web
        spec:
          version: \(version)
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: echo provisioning
          rollout:
            launchTemplates: [{name: web, region: us-east-1}]
          retention: {keep: 3, minAge: 7d}

        """
    }

    @Test func bumpBakesAndRollsOutRevertRollsBack() async throws {
        let world = try await MotoWorld.start()
        defer { world.stop() }
        try await world.seed()
        let remote = try Remote(manifests: ["web.yaml": Self.manifest("1.0.0")])
        let server = try GitDaemon(basePath: remote.fixture.directory)
        defer { server.stop() }
        let clock = InstantClock()
        var settings = remote.settings()
        settings.repository.url = server.url(for: "origin.git")
        let parts = try DaemonParts(
            remote: remote, reconciler: world.reconciler(clock: clock), clock: clock, url: settings.repository.url)
        let daemon = parts.daemon

        // 1.0.0: baked and rolled out; the status commit says so.
        try await Self.converge(daemon, clock: clock)
        var state = try await world.state()
        let v1 = try #require(state.amis["1.0.0"]?.first)
        #expect(state.defaultImage == v1)
        try Self.checkStatus(remote, version: "1.0.0", ami: v1)

        // A bump: a second bake, rolled out.
        let bump = try remote.push(["manifests/web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        try await Self.converge(daemon, clock: clock)
        state = try await world.state()
        let v2 = try #require(state.amis["1.1.0"]?.first)
        #expect(state.defaultImage == v2)
        try Self.checkStatus(remote, version: "1.1.0", ami: v2)
        #expect(
            try remote.origin.git("log", "-1", "--format=%(trailers:key=Kiln-Observed-Commit,valueonly)", "main")
                == bump)

        // The revert: back to 1.0.0 without a bake.
        let launches = world.proxy.count(service: "ec2", action: "RunInstances")
        try remote.work.git("pull", "-q", "--rebase", "origin", "main")
        try remote.work.git("revert", "--no-edit", bump)
        try remote.work.git("push", "-q", "origin", "HEAD:main")
        try await Self.converge(daemon, clock: clock)
        state = try await world.state()
        #expect(state.defaultImage == v1)
        #expect(state.amis["1.0.0"] == [v1] && state.amis["1.1.0"] == [v2])
        #expect(world.proxy.count(service: "ec2", action: "RunInstances") == launches, "a rollback bakes nothing")
        try Self.checkStatus(remote, version: "1.0.0", ami: v1)

        // Nothing changes: more cycles, no more commits.
        let before = try remote.log()
        for _ in 0..<3 {
            clock.advance(by: 700)
            #expect(await daemon.pass(.timer) == .cycled)
        }
        #expect(try remote.log() == before)
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }

    /// Passes (moving the clock past each re-check) until a cycle converges; fails after `limit` passes.
    static func converge(_ daemon: Daemon, clock: InstantClock, limit: Int = 40) async throws {
        for _ in 0..<limit {
            let result = await daemon.pass(.timer)
            if result == .cycled, let report = await daemon.lastReport {
                #expect(!report.hasFailedActions, "\(report.issues)")
                if report.isConverged { return }
            }
            clock.advance(by: 30)
        }
        Issue.record("not converged after \(limit) passes: \(await daemon.lastReport?.issues ?? [])")
    }

    /// The tip is Kiln's status commit: `web` Ready at `version` with `ami`, and the trailer.
    static func checkStatus(_ remote: Remote, version: String, ami: String) throws {
        let subject = try remote.origin.git("log", "-1", "--format=%s|%an", "main")
        #expect(subject == "status: web \(version) Ready in us-east-1|Kiln", "\(subject)")
        let text = try remote.origin.git("show", "main:status/web.yaml")
        let document = try #require(StatusDocument.read(Data(text.utf8)))
        #expect(document.state == "Ready" && document.desiredVersion == version)
        #expect(document.versions.first { $0.version == version }?.regions.first?.ami == ami)
        #expect(document.rollout.first?.currentImageId == ami)
        let readme = try remote.origin.git("show", "main:status/README.md")
        #expect(readme.contains("| [web](web.yaml) | \(version) | ✅ Ready | us-east-1: `\(ami)` |"))
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }
}
