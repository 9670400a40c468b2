import Foundation
import Git
import KilnTestSupport
import Logging
import Testing

@testable import Controller

/// The daemon's source settings: tokens only over HTTPS, secret files checked at load, a private CA trusted through
/// `git.caFile`, certificate failures reported as fetch failures.
@Suite struct SourceSecurityTests {
    static let token = "ghp_kilnDaemonToken0123456789"
    static let manifest = "apiVersion: kiln/v1\nkind: Image\nmetadata: {name: web}\n"

    static func load(_ flags: [(String, String)]) throws(ConfigError) -> DaemonConfiguration {
        try DaemonConfiguration.load(
            file: nil, environment: [:], flags: flags.map { (path: $0.0, values: [$0.1]) })
    }

    @Test(arguments: ["http://git.example.com/x.git", "git://git.example.com/x.git", "file:///srv/x.git"])
    func aTokenForAnythingButHTTPSIsRefusedAtLoad(_ url: String) throws {
        let error = #expect(throws: ConfigError.self) {
            try Self.load([("repository.url", url), ("git.tokenFile", "/run/secrets/git-token")])
        }
        #expect(
            error?.message.contains("a token is sent only to https:// remotes") == true, "\(String(describing: error))")
        _ = try Self.load([("repository.url", "https://git.example.com/x.git"), ("git.tokenFile", "/run/secrets/t")])
    }

    @Test func aPasswordInAnHTTPURLIsRefusedAtLoadWithoutShowingIt() {
        let error = #expect(throws: ConfigError.self) {
            try Self.load([("repository.url", "http://kiln:\(Self.token)@git.example.com/x.git")])
        }
        #expect(error?.message.contains("carries a password") == true)
        #expect(error.map { !"\($0)".contains(Self.token) } == true)
    }

    @Test func secretFilesOthersCanReadAreRefusedAtLoad() throws {
        let fixture = try GitFixture()
        let open = fixture.path("open")
        try Data("secret".utf8).write(to: URL(fileURLWithPath: open))
        chmod(open, 0o644)
        let cases: [(String, String)] = [
            ("git.tokenFile", "token"), ("git.sshKeyFile", "SSH private key"),
            ("git.sshKeyPassphraseFile", "passphrase"), ("http.webhookSecretFile", "webhook secret"),
        ]
        for (key, what) in cases {
            var flags = [("repository.url", key == "git.tokenFile" ? "https://h/x.git" : "ssh://h/x.git"), (key, open)]
            if key.hasPrefix("git.ssh") { flags.append(("git.knownHostsFile", "/k")) }
            if key == "git.sshKeyPassphraseFile" { flags.append(("git.sshKeyFile", "/no-such-key")) }
            let error = #expect(throws: ConfigError.self, "\(key)") { try Self.load(flags) }
            #expect(error?.message.contains("permissions 0644 for '\(open)' are too open") == true, "\(key)")
            #expect(error?.message.contains(what) == true, "\(key): \(String(describing: error))")
        }
        chmod(open, 0o600)
        _ = try Self.load([("repository.url", "https://h/x.git"), ("http.webhookSecretFile", open)])
    }

    @Test func caFileAndTimeoutAreSettings() throws {
        let fixture = try GitFixture()
        let ca = fixture.path("ca.pem")
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: ca))
        let configuration = try Self.load([
            ("repository.url", "https://h/x.git"), ("git.caFile", ca), ("git.timeout", "45s"),
        ])
        #expect(configuration.git.transfer == GitTransferSettings(caFile: ca, timeout: .seconds(45)))
        #expect(try Self.load([("repository.url", "https://h/x.git")]).git.timeout == .seconds(120))
        #expect(throws: ConfigError.self) {
            try Self.load([("repository.url", "https://h/x.git"), ("git.timeout", "0s")])
        }
        let missing = #expect(throws: ConfigError.self) {
            try Self.load([("repository.url", "https://h/x.git"), ("git.caFile", fixture.path("none.pem"))])
        }
        #expect(missing?.message.contains("none.pem") == true)
    }

    // MARK: - The daemon over HTTPS

    struct Served {
        let remote: Remote
        let certificate: TLSCertificate
        let server: GitHTTPServer
        let tokenFile: String

        init() async throws {
            remote = try Remote(manifests: ["web.yaml": SourceSecurityTests.manifest])
            certificate = try await TLSCertificate(in: remote.fixture.path("tls"))
            server = try GitHTTPServer(
                basePath: remote.fixture.directory, token: SourceSecurityTests.token, certificate: certificate)
            tokenFile = remote.fixture.path("token")
            try Data(SourceSecurityTests.token.utf8).write(to: URL(fileURLWithPath: tokenFile))
            chmod(tokenFile, 0o600)
        }

        func runtime(caFile: String?) throws -> DaemonRuntime {
            var flags = [
                ("repository.url", server.url(for: "origin.git")), ("git.tokenFile", tokenFile),
                ("cacheDir", remote.fixture.path("cache")), ("owner", "kiln-test"), ("git.timeout", "30s"),
            ]
            if let caFile { flags.append(("git.caFile", caFile)) }
            return try DaemonRuntime(
                configuration: SourceSecurityTests.load(flags), reconciler: FakeReconciler(), registry: nil,
                lease: NoLease(), logger: Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() })
        }
    }

    @Test func theDaemonFetchesAndPushesStatusThroughTheCAFile() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let runtime = try served.runtime(caFile: served.certificate.certificatePath)
        #expect(await runtime.daemon.pass(.startup) == .cycled)
        #expect(runtime.daemon.health.snapshot.fetchError == nil)
        let log = try served.remote.log()
        #expect(log.count == 2, "\(log)")
        #expect(log.first?.contains("status: web") == true, "\(log)")
    }

    @Test func anUntrustedCertificateIsAFetchFailureNamingTheHost() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let runtime = try served.runtime(caFile: nil)
        #expect(await runtime.daemon.pass(.startup) == .fetchFailed)
        let error = try #require(runtime.daemon.health.snapshot.fetchError)
        #expect(error.contains("certificate") && error.contains("localhost"), "\(error)")
        #expect(!error.contains(Self.token))
        let reasons = runtime.daemon.health.unreadyReasons(now: Date())
        #expect(reasons.contains { $0.hasPrefix("git: ") && $0.contains("certificate") }, "\(reasons)")
        #expect(try served.remote.log().count == 1)
    }
}
