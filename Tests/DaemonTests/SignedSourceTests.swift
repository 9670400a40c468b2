import Foundation
import KilnTestSupport
import Logging
import Testing

@testable import Controller

/// The daemon with `git.verify.allowedSignersFile`: it acts only on manifest commits signed by an allowed key
/// (checked by the real ssh-keygen), signs its own status commits, and reports a refused commit once.
@Suite struct SignedSourceTests {
    static let manifest = DaemonPassTests.manifest

    @Test func onlyCommitsSignedByAnAllowedKeyAreActedOn() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let directory = remote.fixture.directory
        let alice = try await SSHSigningKey.make(in: directory, name: "alice", principal: "alice@acme")
        let mallory = try await SSHSigningKey.make(in: directory, name: "mallory", principal: "mallory@evil")
        let kiln = try await SSHSigningKey.make(in: directory, name: "kiln", principal: "kiln@acme")
        let allowed = try SSHSigningKey.allowedSigners([alice, kiln], at: remote.fixture.path("allowed_signers"))
        let signed = try remote.work.signedCommit(["manifests/web.yaml": Self.manifest + "# 1\n"], ssh: alice)
        try remote.work.git("push", "-q", "origin", "HEAD:main")

        let lines = LoggingTests.Lines()
        let logger = Logger(label: "kiln.daemon") { label in
            KilnLogHandler(label: label, format: .text, level: .info, write: { lines.append($0) })
        }
        let reconciler = FakeReconciler()
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: clock, logger: logger) {
            $0.git.verify.allowedSignersFile = allowed
            $0.git.signingKeyFile = kiln.privateKey
        }
        #expect(await parts.daemon.pass(.startup) == .cycled)
        #expect(reconciler.commits == [signed])
        var status = try remote.origin.git("show", "main:status/web.yaml")
        #expect(status.contains("signer: alice@acme"), "\(status)")
        #expect(status.contains("signingKey:") && status.contains("SHA256:"), "\(status)")
        // Kiln's status commit is signed and git accepts it; it touches only status/, so it changes nothing.
        let verify = ["-c", "gpg.ssh.allowedSignersFile=\(allowed)"]
        try remote.origin.git(verify + ["verify-commit", "main"])
        #expect(try remote.origin.git("log", "-1", "--format=%an", "main") == "Kiln")
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .idle)

        // Unsigned, then signed by a key nobody allowed: nothing is done, reported once each.
        let unsigned = try remote.push(["manifests/web.yaml": Self.manifest + "# 2\n"], message: "Unsigned bump")
        for _ in 0..<3 {
            clock.advance(by: 60)
            #expect(await parts.daemon.pass(.timer) == .refused)
        }
        #expect(reconciler.commits == [signed], "no cycle for an unsigned commit")
        let reasons = parts.daemon.health.unreadyReasons(now: clock.now())
        let refusal = await parts.daemon.sourceRefusal
        #expect(reasons.contains("source: \(refusal?.message ?? "-")"))
        #expect(reasons.contains { $0.hasPrefix("source: commit \(unsigned.prefix(7)): not signed") }, "\(reasons)")
        #expect(parts.metricsText.contains(#"kiln_source_refusals_total{reason="unsigned"} 1"#), "\(parts.metricsText)")
        #expect(parts.metricsText.contains("kiln_source_refused 1"), "\(parts.metricsText)")
        #expect(lines.all.count { $0.contains("not acting on the commit") } == 1, "logged once: \(lines.all)")
        status = try remote.origin.git("show", "main:status/web.yaml")
        #expect(status.contains("reason: unsigned") && status.contains(unsigned), "\(status)")
        #expect(status.contains("commit: \(signed)"), "the last verified commit is still the one acted on")

        try remote.work.git("pull", "-q", "--rebase", "origin", "main")
        let foreign = try remote.work.signedCommit(["manifests/web.yaml": Self.manifest + "# 3\n"], ssh: mallory)
        try remote.work.git("push", "-q", "origin", "HEAD:main")
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .refused)
        #expect(await parts.daemon.sourceRefusal?.commit.hex == foreign)
        #expect(parts.metricsText.contains(#"kiln_source_refusals_total{reason="unknown_signer"} 1"#))

        // An allowed signature on top: Kiln acts again, and the refusal is gone.
        try remote.work.git("pull", "-q", "--rebase", "origin", "main")
        let good = try remote.work.signedCommit(["manifests/web.yaml": Self.manifest + "# 4\n"], ssh: alice)
        try remote.work.git("push", "-q", "origin", "HEAD:main")
        clock.advance(by: 60)
        #expect(await parts.daemon.pass(.timer) == .cycled)
        #expect(reconciler.commits == [signed, good])
        #expect(parts.daemon.health.unreadyReasons(now: clock.now()).allSatisfy { !$0.hasPrefix("source:") })
        status = try remote.origin.git("show", "main:status/web.yaml")
        #expect(!status.contains("refused"), "\(status)")
        #expect(parts.metricsText.contains("kiln_source_refused 0"), "\(parts.metricsText)")
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }
}
