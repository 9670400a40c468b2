import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// Credentials that would travel in clear, and secret files others can read, are refused before any connection.
@Suite struct SourceSecurityTests {
    static let token = "ghp_kilnTestToken0123456789"

    struct Refusal: Sendable, CustomTestStringConvertible {
        var url: String
        var credentials: GitCredentials
        var says: String
        var testDescription: String { url }
    }

    static let refusals: [Refusal] = [
        Refusal(url: "http://git.example.com/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "in clear"),
        Refusal(url: "HTTP://git.example.com/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "in clear"),
        Refusal(url: "git://git.example.com/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "in clear"),
        Refusal(url: "file:///srv/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "local repository"),
        Refusal(url: "/srv/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "local repository"),
        Refusal(url: "ssh://git.example.com/x.git", credentials: .httpsToken(tokenFile: "/t"), says: "SSH key"),
        Refusal(url: "http://u:\(token)@git.example.com/x.git", credentials: .none, says: "carries a password"),
        Refusal(url: "git://u:\(token)@git.example.com/x.git", credentials: .none, says: "carries a password"),
    ]

    @Test(arguments: refusals)
    func aTokenOrPasswordGoesOnlyToHTTPS(_ refusal: Refusal) throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-sec-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let error = #expect(throws: GitError.self) {
            try Mirror(url: refusal.url, cacheDirectory: cache, credentials: refusal.credentials)
        }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.message.contains(refusal.says) == true, "\(String(describing: error))")
        #expect(error.map { !"\($0)".contains(Self.token) } == true)
        #expect(!FileManager.default.fileExists(atPath: cache), "refused before anything was made")
    }

    @Test func httpsWithATokenAndSSHWithAKeyAreAccepted() throws {
        let fixture = try GitFixture()
        let token = fixture.path("token")
        try SecretFiles.write(token, "t", mode: 0o600)
        _ = try Mirror(
            url: "https://git.example.com/x.git", cacheDirectory: fixture.path("cache"),
            credentials: .httpsToken(tokenFile: token))
        _ = try Mirror(url: "http://git.example.com/x.git", cacheDirectory: fixture.path("cache"))
        let ssh = SSHCredentials(identity: .keyFile(privateKey: token), knownHostsFile: "/k")
        _ = try Mirror(
            url: "ssh://git.example.com/x.git", cacheDirectory: fixture.path("cache"), credentials: .ssh(ssh))
    }

    @Test func theCredentialCallbackNeverHandsATokenToAnythingButHTTPS() {
        let offer = CredentialChoice.userPassword(username: "x-access-token", secretFile: "/t")
        #expect(TransferContext.guarded(offer, url: "https://git.example.com/x.git") == offer)
        for url in ["http://git.example.com/x.git", "git://git.example.com/x.git", nil] {
            guard case .refuse(let reason) = TransferContext.guarded(offer, url: url) else {
                Issue.record("a token was offered to \(url ?? "nil")")
                continue
            }
            #expect(reason.contains("tokens go only to https://"))
        }
        let key = CredentialChoice.sshKeyFile(username: "git", privateKey: "/k", publicKey: nil, passphraseFile: nil)
        #expect(TransferContext.guarded(key, url: "ssh://git.example.com/x.git") == key)
    }

    // MARK: - Secret files

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o620, 0o700 + 0o004])
    func secretFilesOthersCanReachAreRefusedWithTheirMode(_ mode: Int) throws {
        let fixture = try GitFixture()
        let file = fixture.path("token")
        try SecretFiles.write(file, Self.token, mode: mode_t(mode))
        let expected = "permissions \(String(format: "%04o", mode)) for '\(file)' are too open"
        let checked = #expect(throws: GitError.self) { try SecretFile.checkPermissions(file, what: "token") }
        #expect(checked?.message.contains(expected) == true, "\(String(describing: checked))")
        let read = #expect(throws: GitError.self) { try SecretFile.read(file, what: "token") }
        #expect(read?.message.contains(expected) == true)
        #expect(read.map { !"\($0)".contains(Self.token) } == true)
        let mirror = #expect(throws: GitError.self) {
            try Mirror(
                url: "https://git.example.com/x.git", cacheDirectory: fixture.path("cache"),
                credentials: .httpsToken(tokenFile: file))
        }
        #expect(mirror?.message.contains(expected) == true)
        let key = #expect(throws: GitError.self) {
            try Mirror(
                url: "ssh://git.example.com/x.git", cacheDirectory: fixture.path("cache"),
                credentials: .ssh(SSHCredentials(identity: .keyFile(privateKey: file), knownHostsFile: "/k")))
        }
        #expect(key?.message.contains(expected) == true)
    }

    @Test func ownerOnlySecretFilesAreRead() throws {
        let fixture = try GitFixture()
        for mode: mode_t in [0o600, 0o400] {
            let file = fixture.path("token-\(mode)")
            try SecretFiles.write(file, " \(Self.token)\n", mode: mode)
            #expect(try SecretFile.read(file, what: "token") == Self.token)
        }
    }

    @Test func secretFilesOwnedBySomeoneElseAreRefusedNamingTheOwner() throws {
        let fixture = try GitFixture()
        let file = fixture.path("token")
        try SecretFiles.write(file, Self.token, mode: 0o600)
        var me = geteuid()
        var owner = me
        if me == 0 {
            // Root may hand the file to nobody (65534); the real check must then refuse it.
            #expect(chown(file, 65534, 65534) == 0)
            owner = 65534
            let read = #expect(throws: GitError.self) { try SecretFile.read(file, what: "token") }
            #expect(read?.message.contains("is owned by uid 65534, not by this user (uid 0) or root") == true)
        } else {
            me = owner &+ 4242
        }
        let refused = #expect(throws: GitError.self) { try SecretFile.checkPermissions(file, what: "token", user: me) }
        #expect(refused?.kind == .auth)
        #expect(refused?.message.contains("is owned by uid \(owner), not by this user (uid \(me)) or root") == true)
        #expect(refused.map { !"\($0)".contains(Self.token) } == true)
        // The owner's own file passes.
        try SecretFile.checkPermissions(file, what: "token", user: owner)
    }

    @Test func aTokenFileMadeReadableAfterLoadIsRefusedWhenRead() async throws {
        let setup = try RemoteSetup()
        let certificate = try await TLSCertificate(in: setup.fixture.path("tls"))
        let server = try GitHTTPServer(basePath: setup.fixture.directory, token: Self.token, certificate: certificate)
        defer { server.stop() }
        let tokenFile = setup.fixture.path("token")
        try SecretFiles.write(tokenFile, Self.token, mode: 0o600)
        let mirror = try Mirror(
            url: server.url(for: "origin.git"), cacheDirectory: setup.cache,
            credentials: .httpsToken(tokenFile: tokenFile),
            settings: GitTransferSettings(caFile: certificate.certificatePath))
        chmod(tokenFile, 0o644)
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        #expect(error?.kind == .auth)
        #expect(error?.message.contains("permissions 0644 for '\(tokenFile)' are too open") == true)
    }
}

/// Writing secret files with a mode.
enum SecretFiles {
    static func write(_ path: String, _ text: String, mode: mode_t) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        guard chmod(path, mode) == 0 else { throw CocoaError(.fileWriteNoPermission) }
    }
}
