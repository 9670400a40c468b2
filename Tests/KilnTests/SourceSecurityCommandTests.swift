import Foundation
import KilnTestSupport
import Testing

/// The commands that read a repository: TLS verified (a private CA through `--git-ca-file`), tokens only over
/// HTTPS, deadlines on every fetch, and a daemon that stops on SIGTERM while a fetch is stalled.
@Suite struct SourceSecurityCommandTests {
    static let token = "ghp_kilnCliToken0123456789"

    /// A repository with a valid manifest behind an HTTPS git server with a self-signed certificate for localhost.
    struct Served {
        let fixture: GitFixture
        let certificate: TLSCertificate
        let server: GitHTTPServer

        init() async throws {
            fixture = try GitFixture()
            let work = try fixture.makeRepository("work")
            try work.commit(["manifests/web.yaml": Manifests.valid()])
            _ = try fixture.clone(work, as: "origin.git", bare: true)
            certificate = try await TLSCertificate(in: fixture.path("tls"))
            server = try GitHTTPServer(basePath: fixture.directory, token: nil, certificate: certificate)
        }

        var here: URL { URL(fileURLWithPath: fixture.directory) }
    }

    @Test func validateRefusesAnUntrustedCertificateAndTrustsTheCAFile() async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let url = served.server.url(for: "origin.git")
        let refused = try KilnProcess.run(["validate", "--repo", url], in: served.here)
        #expect(refused.status == 74, "\(refused.standardError)")
        #expect(refused.standardError.contains("certificate"))
        #expect(refused.standardError.contains("localhost"))

        let trusted = try KilnProcess.run(
            ["validate", "--repo", url, "--git-ca-file", served.certificate.certificatePath], in: served.here)
        #expect(trusted.status == 0, "\(trusted.standardError)")
        #expect(trusted.standardOutput.hasPrefix("1 manifest checked: 1 valid image"))
    }

    @Test(arguments: ["plan", "apply"])
    func anUntrustedCertificateExits74(_ command: String) async throws {
        let served = try await Served()
        defer { served.server.stop() }
        let result = try KilnProcess.run(
            [
                command, "--repo", served.server.url(for: "origin.git"), "--cache-dir", served.fixture.path("cache"),
                "--owner", "kiln-test",
            ],
            in: served.here, environment: Self.offlineAWS(home: served.fixture.directory))
        let output = result.standardOutput + result.standardError
        #expect(result.status == 74, "\(output)")
        #expect(output.contains("certificate"), "\(output)")
        #expect(output.contains("localhost"))
    }

    @Test(arguments: ["plan", "apply"])
    func aTokenForPlainHTTPIsRefusedBeforeAnyConnection(_ command: String) throws {
        let tree = try TemporaryTree(["token": Self.token])
        chmod(tree.url.appendingPathComponent("token").path, 0o600)
        let server = try SilentServer()
        let result = try KilnProcess.run(
            [command, "--repo", server.url("http"), "--git-token-file", tree.url.appendingPathComponent("token").path],
            in: tree.url, environment: Self.offlineAWS(home: tree.url.path))
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains("a token is sent only to https:// remotes"), "\(result.standardError)")
        #expect(!result.standardError.contains(Self.token))
    }

    @Test func aSilentServerEndsValidateWithATimeoutNamingTheRedactedRemote() throws {
        let server = try SilentServer()
        let tree = try TemporaryTree()
        let url = "https://kiln:s3cret@127.0.0.1:\(server.port)/origin.git"
        let started = ContinuousClock.now
        let result = try KilnProcess.run(["validate", "--repo", url, "--git-timeout", "2s"], in: tree.url)
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(result.status == 74, "\(result.standardError)")
        #expect(result.standardError.contains("did not answer within 2s"), "\(result.standardError)")
        #expect(result.standardError.contains("127.0.0.1:\(server.port)/origin.git"))
        #expect(!result.standardError.contains("s3cret"))
    }

    @Test func theDaemonStopsOnSIGTERMDuringAStalledFetch() async throws {
        guard let executable = KilnProcess.executable else { throw KilnProcess.MissingExecutable() }
        let server = try SilentServer()
        let tree = try TemporaryTree()
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "daemon", "--repo", server.url("git"), "--cache-dir", tree.url.appendingPathComponent("cache").path,
            "--listen", "127.0.0.1:0", "--git-timeout", "10m", "--owner", "kiln-test",
        ]
        process.environment = Self.offlineAWS(home: tree.url.path)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        try await Task.sleep(for: .seconds(3))
        #expect(process.isRunning, "the daemon waits on the silent server")
        let signalled = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning, ContinuousClock.now - signalled < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!process.isRunning, "the daemon was still running 10 s after SIGTERM")
        if !process.isRunning { #expect(process.terminationReason == .exit) }
    }

    /// An environment with AWS settings that reach nothing (the commands fail before any AWS call).
    static func offlineAWS(home: String) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }
}
