import Crypto
import Foundation
import Testing

@testable import Git

/// known_hosts parsing and host-key verdicts, with entries made by `ssh-keygen` (hashed with `ssh-keygen -H`).
@Suite struct KnownHostsTests {
    static let keyA = "AAAAC3NzaC1lZDI1NTE5AAAAICEC2/T20QHa72vlYiFxIOpmtro/OI5ceFgH0wMd5IrX"
    static let keyB = "AAAAC3NzaC1lZDI1NTE5AAAAIFENA0aKQ2L/dq7SWXqp9bV71NY8PayeRY3VUYEV69Jk"

    static let file = """
        # comment line, then a blank one

        github.com,140.82.112.3 ssh-ed25519 \(keyA)
        *.corp.example ssh-ed25519 \(keyA) a comment
        !bad.corp.example,*.corp.example ssh-ed25519 \(keyB)
        |1|pEHKOX5TyVntX3BrPq6f5Gf4UNY=|MNUcWOJb+m2/OQgE3zFAD57RCVg= ssh-ed25519 \(keyA)
        |1|D2LeKNbbgxJ/ngKMPUUhKNOffgc=|5PxIa4VoU948TIQQkh5sz8AV+gU= ssh-ed25519 \(keyA)
        [plain.example]:2200 ssh-ed25519 \(keyB)
        @revoked revoked.example ssh-ed25519 \(keyA)
        revoked.example ssh-ed25519 \(keyA)
        @cert-authority *.ca.example ssh-ed25519 \(keyA)
        malformed-line-without-key
        broken.example ssh-ed25519 !!!not-base64!!!
        """

    static func blob(_ base64: String) -> [UInt8] { Array(Data(base64Encoded: base64) ?? Data()) }

    @Test(arguments: [
        ("github.com", keyA, KnownHosts.Verdict.trusted),
        ("GitHub.COM", keyA, .trusted),
        ("140.82.112.3", keyA, .trusted),
        ("github.com", keyB, .mismatch),
        ("gitlab.example.com", keyA, .trusted),
        ("gitlab.example.com", keyB, .mismatch),
        ("[git.example.com]:2222", keyA, .trusted),
        ("git.example.com", keyA, .unknown),
        ("[plain.example]:2200", keyB, .trusted),
        ("plain.example", keyB, .unknown),
        ("build.corp.example", keyA, .trusted),
        ("build.corp.example", keyB, .trusted),
        ("bad.corp.example", keyA, .trusted),
        ("bad.corp.example", keyB, .mismatch),
        ("corp.example", keyA, .unknown),
        ("revoked.example", keyA, .revoked),
        ("host.ca.example", keyA, .unknown),
        ("broken.example", keyA, .unknown),
        ("unknown.example", keyA, .unknown),
    ])
    func verdicts(host: String, key: String, expected: KnownHosts.Verdict) {
        let knownHosts = KnownHosts(contents: Self.file)
        #expect(knownHosts.verify(host: host, key: Self.blob(key)) == expected)
    }

    @Test func verifiesBySHA256WhenNoRawKeyIsAvailable() {
        let knownHosts = KnownHosts(contents: Self.file)
        let fingerprint = Array(SHA256.hash(data: Self.blob(Self.keyA)))
        #expect(knownHosts.verify(host: "github.com", sha256: fingerprint) == .trusted)
        #expect(knownHosts.verify(host: "gitlab.example.com", sha256: fingerprint) == .trusted)
        #expect(
            knownHosts.verify(host: "github.com", sha256: Array(SHA256.hash(data: Self.blob(Self.keyB))))
                == .mismatch)
    }

    @Test func missingFileIsACertificateError() throws {
        let error = try #require(throws: GitError.self) { try KnownHosts(contentsOf: "/nonexistent/known_hosts") }
        #expect(error.kind == .certificate)
    }
}

/// The host-key decision the SSH certificate callback makes, for keys as libssh2 reports them.
@Suite struct HostKeyCheckTests {
    private func context(url: String, knownHosts: String?) throws -> TransferContext {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-kh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("known_hosts")
        if let knownHosts { try Data(knownHosts.utf8).write(to: file) }
        let credentials: GitCredentials = .ssh(SSHCredentials(identity: .agent, knownHostsFile: file.path))
        return TransferContext(remote: try RemoteURL(url), credentials: credentials)
    }

    @Test func acceptsOnlyListedKeys() throws {
        let keyA = KnownHostsTests.blob(KnownHostsTests.keyA)
        let keyB = KnownHostsTests.blob(KnownHostsTests.keyB)
        let listed = try context(url: "git@github.com:acme/x.git", knownHosts: KnownHostsTests.file)
        #expect(listed.checkHostKey(.raw(keyA), host: "github.com") == 0)
        #expect(listed.recordedFailure == nil)
        #expect(listed.checkHostKey(.raw(keyB), host: "github.com") < 0)
        #expect(listed.recordedFailure?.kind == .certificate)
        #expect(listed.recordedFailure?.message == "the host key of github.com does not match known_hosts")

        let port = try context(url: "ssh://git@git.example.com:2222/x.git", knownHosts: KnownHostsTests.file)
        #expect(port.checkHostKey(.raw(keyA), host: "git.example.com") == 0)

        let unknown = try context(url: "ssh://git@elsewhere.example/x.git", knownHosts: KnownHostsTests.file)
        #expect(unknown.checkHostKey(.raw(keyA), host: "elsewhere.example") < 0)
        #expect(unknown.recordedFailure?.message == "elsewhere.example is not in known_hosts")
    }

    @Test func failsClosedWithoutAUsableKnownHostsFileOrKey() throws {
        let keyA = KnownHostsTests.blob(KnownHostsTests.keyA)
        let missing = try context(url: "git@github.com:acme/x.git", knownHosts: nil)
        #expect(missing.checkHostKey(.raw(keyA), host: "github.com") < 0)
        #expect(missing.recordedFailure?.kind == .certificate)

        let noKey = try context(url: "git@github.com:acme/x.git", knownHosts: KnownHostsTests.file)
        #expect(noKey.checkHostKey(.none, host: "github.com") < 0)

        let tokenOnly = TransferContext(
            remote: try RemoteURL("ssh://github.com/x.git"),
            credentials: .httpsToken(tokenFile: "/t"))
        #expect(tokenOnly.checkHostKey(.raw(keyA), host: "github.com") < 0)
        #expect(tokenOnly.recordedFailure?.message == "no known_hosts file is configured")
    }
}
