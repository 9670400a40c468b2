import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// HTTPS remotes: libgit2's certificate verdict stands, and a private CA is trusted only through `caFile`.
@Suite struct MirrorTLSTests {
    static let token = "ghp_kilnTlsToken0123456789"

    /// A remote behind an HTTPS git server whose certificate is self-signed for `host`.
    struct Served {
        let setup: RemoteSetup
        let certificate: TLSCertificate
        let server: GitHTTPServer
        let tokenFile: String

        init(certificateHost host: String = "localhost") async throws {
            setup = try RemoteSetup()
            certificate = try await TLSCertificate(host: host, in: setup.fixture.path("tls"))
            server = try GitHTTPServer(
                basePath: setup.fixture.directory, token: MirrorTLSTests.token, certificate: certificate)
            tokenFile = setup.fixture.path("token")
            try SecretFiles.write(tokenFile, MirrorTLSTests.token + "\n", mode: 0o600)
        }

        /// `https://localhost:<port>/origin.git`, whatever host the certificate names.
        var url: String { "https://localhost:\(server.port)/origin.git" }

        func mirror(caFile: String?) throws -> Mirror {
            try Mirror(
                url: url, cacheDirectory: setup.cache, credentials: .httpsToken(tokenFile: tokenFile),
                settings: GitTransferSettings(caFile: caFile, timeout: .seconds(30)))
        }
    }

    @Test func aSelfSignedCertificateIsRefusedWithoutTheCA() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let error = await #expect(throws: GitError.self) { try await served.mirror(caFile: nil).fetch(branch: "main") }
        let text = error.map { "\($0)" } ?? ""
        #expect(error?.kind == .certificate, "\(text)")
        #expect(text.contains("certificate"))
        #expect(text.contains("localhost"))
        #expect(!text.contains(Self.token))
    }

    @Test func theCAFileMakesTheServerTrustedForFetchAndPush() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let mirror = try served.mirror(caFile: served.certificate.certificatePath)
        let tip = try await mirror.fetch(branch: "main")
        #expect(tip.hex == (try served.setup.origin.revParse("main")))
        let commit = try #require(try served.setup.statusCommit(mirror, on: tip, "s1\n"))
        #expect(try await mirror.push(commit, to: "main") == .pushed)
        #expect(try served.setup.origin.revParse("main") == commit.hex)
    }

    @Test func aTrustedCertificateForAnotherHostIsRefused() async throws {
        let served = try await Served(certificateHost: "kiln-other.test")
        defer { served.server.stop() }
        let mirror = try served.mirror(caFile: served.certificate.certificatePath)
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        #expect(error?.kind == .certificate, "\(String(describing: error))")
        #expect(error.map { "\($0)".contains("localhost") } == true)
    }

    @Test func anUnreadableCAFileFailsTheFetch() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let mirror = try served.mirror(caFile: served.setup.fixture.path("no-such-ca.pem"))
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        #expect(error?.operation.contains("no-such-ca.pem") == true, "\(String(describing: error))")
    }
}
