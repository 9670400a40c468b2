import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct MirrorCredentialTests {
    static let token = "ghp_kilnTestToken0123456789"

    @Test func fetchesAndPushesOverHTTPSWithATokenFromAFile() async throws {
        let setup = try RemoteSetup()
        let certificate = try await TLSCertificate(in: setup.fixture.path("tls"))
        let server = try GitHTTPServer(basePath: setup.fixture.directory, token: Self.token, certificate: certificate)
        defer { server.stop() }
        let tokenFile = setup.fixture.path("token")
        try SecretFiles.write(tokenFile, "\(Self.token)\n", mode: 0o600)
        let trust = GitTransferSettings(caFile: certificate.certificatePath)

        let mirror = try Mirror(
            url: server.url(for: "origin.git"), cacheDirectory: setup.cache,
            credentials: .httpsToken(tokenFile: tokenFile), settings: trust)
        let tip = try await mirror.fetch(branch: "main")
        #expect(tip.hex == (try setup.origin.revParse("main")))
        let commit = try #require(try setup.statusCommit(mirror, on: tip, "s1\n"))
        #expect(try await mirror.push(commit, to: "main") == .pushed)
        #expect(try setup.origin.revParse("main") == commit.hex)
    }

    @Test func aRejectedTokenIsAnAuthErrorWithoutTheToken() async throws {
        let setup = try RemoteSetup()
        let certificate = try await TLSCertificate(in: setup.fixture.path("tls"))
        let server = try GitHTTPServer(
            basePath: setup.fixture.directory, token: "the-right-one", certificate: certificate)
        defer { server.stop() }
        let tokenFile = setup.fixture.path("token")
        try SecretFiles.write(tokenFile, Self.token, mode: 0o600)
        let trust = GitTransferSettings(caFile: certificate.certificatePath)

        let mirror = try Mirror(
            url: server.url(for: "origin.git"), cacheDirectory: setup.cache,
            credentials: .httpsToken(tokenFile: tokenFile), settings: trust)
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        #expect(error?.kind == .auth)
        #expect(error.map { !"\($0)".contains(Self.token) } == true)

        let anonymous = try Mirror(url: server.url(for: "origin.git"), cacheDirectory: setup.cache, settings: trust)
        let refused = await #expect(throws: GitError.self) { try await anonymous.fetch(branch: "main") }
        #expect(refused?.kind == .auth)

        let unreadable = try Mirror(
            url: server.url(for: "origin.git"), cacheDirectory: setup.cache,
            credentials: .httpsToken(tokenFile: setup.fixture.path("no-such-file")), settings: trust)
        let missing = await #expect(throws: GitError.self) { try await unreadable.fetch(branch: "main") }
        #expect(missing?.kind == .auth)
    }

    @Test func tokensInURLsNeverReachErrors() async throws {
        let setup = try RemoteSetup()
        let port = try GitDaemon.freePort()
        let url = "https://x-access-token:\(Self.token)@127.0.0.1:\(port)/origin.git"
        let mirror = try Mirror(url: url, cacheDirectory: setup.cache)
        #expect(!mirror.url.contains(Self.token))
        #expect(!mirror.path.contains(Self.token))
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.contains(Self.token))
        #expect(text.contains("127.0.0.1"))
        #expect(error?.kind == .network, "\(text)")
    }
}
