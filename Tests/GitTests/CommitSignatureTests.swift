import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// Commit signatures checked with the real `ssh-keygen` and `gpgv`, on commits signed by `git commit -S`.
@Suite struct CommitSignatureTests {
    /// A repository, an allowed SSH key, a second (unknown) SSH key and the allowed_signers file.
    struct Keys {
        let fixture: GitFixture
        let work: GitFixture.Repository
        let allowed: SSHSigningKey
        let stranger: SSHSigningKey
        let allowedSigners: String

        static func make() async throws -> Keys {
            let fixture = try GitFixture()
            let work = try fixture.makeRepository("work")
            let allowed = try await SSHSigningKey.make(in: fixture.directory, name: "alice", principal: "alice@acme")
            let stranger = try await SSHSigningKey.make(in: fixture.directory, name: "mallory", principal: "m@evil")
            let file = try SSHSigningKey.allowedSigners([allowed], at: fixture.path("allowed_signers"))
            return Keys(fixture: fixture, work: work, allowed: allowed, stranger: stranger, allowedSigners: file)
        }

        var policy: SignaturePolicy { SignaturePolicy(allowedSignersFile: allowedSigners) }

        func verify(_ commit: String) throws -> Result<VerifiedSigner, SignatureRefusal> {
            let repository = try Repository(at: work.path)
            let id = try #require(ObjectID(hex: commit))
            return Result { () throws(SignatureRefusal) in try policy.verify(id, in: repository) }
        }
    }

    // MARK: - SSH

    @Test func aCommitSignedByAnAllowedKeyVerifies() async throws {
        let keys = try await Keys.make()
        let commit = try keys.work.signedCommit(["manifests/web.yaml": "v: 1\n"], ssh: keys.allowed)
        let signer = try keys.verify(commit).get()
        #expect(signer.principal == "alice@acme")
        #expect(signer.format == .ssh)
        #expect(signer.fingerprint.hasPrefix("SHA256:"))
    }

    @Test func unknownKeyUnsignedAndTamperedAreRefused() async throws {
        let keys = try await Keys.make()
        let unsigned = try keys.work.commit(["manifests/web.yaml": "v: 1\n"], message: "Unsigned")
        let unknown = try keys.work.signedCommit(["manifests/web.yaml": "v: 2\n"], ssh: keys.stranger)
        let signed = try keys.work.signedCommit(["manifests/web.yaml": "v: 3\n"], message: "Good", ssh: keys.allowed)
        // The signature of `signed` copied onto other content: a commit object with a different message.
        let raw = try keys.work.git("cat-file", "commit", signed)
        let forgedText = raw.replacingOccurrences(of: "\n\nGood", with: "\n\nEvil") + "\n"
        let input = keys.fixture.path("forged")
        try Data(forgedText.utf8).write(to: URL(fileURLWithPath: input))
        let forged = try keys.work.git("hash-object", "-t", "commit", "-w", input)
        #expect(forged != signed)

        let cases: [(String, SignatureRefusal.Reason)] = [
            (unsigned, .unsigned), (unknown, .unknownSigner), (forged, .badSignature),
        ]
        for (commit, reason) in cases {
            switch try keys.verify(commit) {
            case .success(let signer): Issue.record("\(commit) verified as \(signer)")
            case .failure(let refusal):
                #expect(refusal.reason == reason, "\(refusal)")
                #expect(refusal.description.hasPrefix("commit \(commit.prefix(7)): "), "\(refusal)")
            }
        }
        // git itself agrees about the forged commit.
        #expect(throws: GitCommand.Failure.self) {
            try keys.work.git(
                "-c", "gpg.ssh.allowedSignersFile=\(keys.allowedSigners)", "verify-commit", forged)
        }
    }

    @Test func aSignedMergeCommitOfAPullRequestVerifies() async throws {
        let keys = try await Keys.make()
        try keys.work.signedCommit(["manifests/web.yaml": "v: 1\n"], ssh: keys.allowed)
        try keys.work.git("checkout", "-q", "-b", "feature")
        try keys.work.commit(["manifests/web.yaml": "v: 2\n"], message: "Bump (unsigned, from a fork)")
        try keys.work.git("checkout", "-q", "main")
        try keys.work.git(
            keys.work.signingArguments(ssh: keys.allowed) + [
                "merge", "-q", "--no-ff", "-S", "-m", "Merge pull request #1", "feature",
            ],
            environment: ["GIT_COMMITTER_DATE": "1700001000 +0000", "GIT_AUTHOR_DATE": "1700001000 +0000"])
        let merge = try keys.work.git("rev-parse", "HEAD")
        #expect(try keys.work.git("rev-list", "--parents", "-n", "1", merge).split(separator: " ").count == 3)
        #expect(try keys.verify(merge).get().principal == "alice@acme")
        #expect(throws: SignatureRefusal.self) { try keys.verify(keys.work.git("rev-parse", "feature")).get() }
    }

    // MARK: - OpenPGP

    @Test func openPGPSignaturesAreCheckedAgainstTheGivenKeyringOnly() async throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let trusted = try await GPGSigningKey.make(in: fixture.directory, name: "gpg-a", userID: "Alice <a@acme>")
        let other = try await GPGSigningKey.make(in: fixture.directory, name: "gpg-b", userID: "Bob <b@acme>")
        defer {
            Task {
                await trusted.stop(); await other.stop()
            }
        }
        let keyring = try await trusted.exportKeyring(to: fixture.path("trusted.gpg"))
        let good = try work.signedCommit(["manifests/web.yaml": "v: 1\n"], gpg: trusted)
        let unknown = try work.signedCommit(["manifests/web.yaml": "v: 2\n"], gpg: other)
        let repository = try Repository(at: work.path)
        let policy = SignaturePolicy(gpgKeyring: keyring)

        let signer = try policy.verify(try #require(ObjectID(hex: good)), in: repository)
        #expect(signer.format == .openPGP)
        #expect(signer.fingerprint == trusted.fingerprint)
        #expect(signer.principal.contains("a@acme"))
        #expect {
            try policy.verify(try #require(ObjectID(hex: unknown)), in: repository)
        } throws: { ($0 as? SignatureRefusal)?.reason == .unknownSigner }
        // An OpenPGP signature with only an allowed_signers file: not accepted.
        let sshOnly = SignaturePolicy(allowedSignersFile: fixture.path("none"))
        #expect {
            try sshOnly.verify(try #require(ObjectID(hex: good)), in: repository)
        } throws: { ($0 as? SignatureRefusal)?.reason == .unknownSigner }
    }

    // MARK: - Kiln's own signed commits

    @Test func commitsKilnSignsPassGitVerifyCommit() async throws {
        let keys = try await Keys.make()
        let tip = try keys.work.commit(["manifests/web.yaml": "v: 1\n"], message: "Seed")
        let repository = try Repository(at: keys.work.path)
        let kiln = Signature(name: "Kiln", email: "kiln@acme", date: Date(timeIntervalSince1970: 1_750_000_000))
        let written = try #require(
            try repository.commit(
                parent: try #require(ObjectID(hex: tip)), updating: ["status/web.yaml": Data("ok\n".utf8)],
                author: kiln, committer: kiln, message: "Status", updatingBranch: "main",
                signedBy: Repository.sshSigner(keyFile: keys.allowed.privateKey)))
        #expect(try keys.work.git("rev-parse", "main") == written.hex)
        let config = ["-c", "gpg.ssh.allowedSignersFile=\(keys.allowedSigners)"]
        try keys.work.git(config + ["verify-commit", written.hex])
        let log = try keys.work.git(config + ["log", "--show-signature", "-1", written.hex])
        #expect(log.contains("Good \"git\" signature for alice@acme"), "\(log)")
        try keys.work.git("fsck", "--strict")
        #expect(try keys.policy.verify(written, in: repository).principal == "alice@acme")
    }
}
