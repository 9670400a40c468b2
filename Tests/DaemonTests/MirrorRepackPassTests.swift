import Foundation
import Git
import KilnTestSupport
import Testing

@testable import Controller

/// The daemon repacks its mirror after a fetch once the packs pass `Mirror.packThreshold`, once, and goes on.
@Suite struct MirrorRepackPassTests {
    static let kiln = Signature(name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1.8e9))

    /// Adds one-pack commits on `refs/heads/scratch` until the mirror holds `count` packs.
    private func fill(_ mirror: Mirror, to count: Int, from tip: ObjectID) throws -> ObjectID {
        if try mirror.repository.reference("refs/heads/scratch") == nil {
            try mirror.repository.setReference("refs/heads/scratch", to: tip, message: "test: scratch")
        }
        var parent = tip
        var round = 0
        while try mirror.packCount() < count {
            round += 1
            parent = try #require(
                try mirror.repository.commit(
                    parent: parent, updating: ["scratch/\(count)-\(round).txt": Data("\(round)\n".utf8)],
                    author: Self.kiln,
                    committer: Self.kiln, message: "Scratch \(round)", updatingBranch: "scratch"))
        }
        return parent
    }

    @Test func crossingThePackThresholdRepacksOnce() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonPassTests.manifest])
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: clock)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        let mirror = await parts.daemon.mirror
        let cli = GitFixture.Repository(path: mirror.path, isBare: true)
        let tip = try #require(try mirror.fetchedTip(of: "main"))
        #expect(parts.metricsText.contains("kiln_mirror_packs 1.0\n"), "\(parts.metricsText)")

        // At the threshold: counted, not repacked.
        let scratch = try fill(mirror, to: Mirror.packThreshold, from: tip)
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .idle)
        #expect(try mirror.packCount() == Mirror.packThreshold)
        #expect(parts.metricsText.contains("kiln_mirror_packs \(Mirror.packThreshold).0\n"))
        #expect(!parts.metricsText.contains("kiln_mirror_repacks_total"))

        // One more pack crosses it: the next pass repacks.
        let crossing = try fill(mirror, to: Mirror.packThreshold + 1, from: scratch)
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .idle)
        #expect(try mirror.packCount() == 1)
        #expect(parts.metricsText.contains(#"kiln_mirror_repacks_total{outcome="success"} 1"#))
        #expect(parts.metricsText.contains("kiln_mirror_packs 1.0\n"))
        try cli.git("fsck", "--strict", "--no-progress")
        #expect(try cli.revParse("refs/heads/scratch") == crossing.hex)
        #expect(try cli.revParse("refs/remotes/origin/main") == tip.hex)

        // The daemon goes on from the repacked mirror: a manifest change cycles and its status is pushed.
        let bump = try remote.push(["manifests/web.yaml": DaemonPassTests.manifest + "# 1.0.1\n"], message: "Bump")
        #expect(await parts.daemon.pass(.webhook) == .cycled)
        let trailer = try remote.origin.git(
            "log", "-1", "--format=%(trailers:key=Kiln-Observed-Commit,valueonly)", "main")
        #expect(trailer == bump)
        try remote.origin.git("fsck", "--strict", "--no-progress")
        #expect(parts.metricsText.contains(#"kiln_mirror_repacks_total{outcome="success"} 1"#))
    }

    @Test func aFailedRepackIsCountedAndThePassGoesOn() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonPassTests.manifest])
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: clock)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        let mirror = await parts.daemon.mirror
        let tip = try #require(try mirror.fetchedTip(of: "main"))
        _ = try fill(mirror, to: Mirror.packThreshold + 1, from: tip)
        // A recent loose "object" that cannot be read: the repack cannot tell what it holds, so it stops before
        // removing anything.
        let unreadable = mirror.path + "/objects/ab/" + String(repeating: "c", count: 38)
        try FileManager.default.createDirectory(atPath: unreadable, withIntermediateDirectories: true)
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .idle)
        #expect(parts.metricsText.contains(#"kiln_mirror_repacks_total{outcome="error"} 1"#), "\(parts.metricsText)")
        #expect(try mirror.packCount() == Mirror.packThreshold + 1)
        try FileManager.default.removeItem(atPath: unreadable)
        try GitFixture.Repository(path: mirror.path, isBare: true).git("fsck", "--strict", "--no-progress")

        // The mirror stays usable: a manifest change cycles and its status is pushed.
        let bump = try remote.push(["manifests/web.yaml": DaemonPassTests.manifest + "# 1.0.1\n"], message: "Bump")
        #expect(await parts.daemon.pass(.webhook) == .cycled)
        let trailer = try remote.origin.git(
            "log", "-1", "--format=%(trailers:key=Kiln-Observed-Commit,valueonly)", "main")
        #expect(trailer == bump)
        #expect(!parts.metricsText.contains(#"kiln_mirror_repacks_total{outcome="success"}"#))
    }

    @Test(
        arguments: [
            // (packs, pass, last attempt, repacks)
            (50, 1, nil, false), (51, 1, nil, true), (400, 7, nil, true),
            (51, 12, 3, false), (51, 13, 3, true), (10, 100, 3, false),
        ] as [(Int, Int, Int?, Bool)])
    func repacksPastTheThresholdAtMostOnceInSoManyPasses(packs: Int, pass: Int, last: Int?, repacks: Bool) {
        var maintenance = MirrorMaintenance()
        if let last { maintenance.attempted(at: last) }
        #expect(maintenance.shouldRepack(packs: packs, pass: pass) == repacks)
    }
}
