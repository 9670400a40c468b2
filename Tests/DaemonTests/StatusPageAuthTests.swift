import Foundation
import Hummingbird
import HummingbirdTesting
import KilnTestSupport
import Logging
import Testing

@testable import Controller

/// `http.pageAuth`: basic auth and bearer tokens from mode-checked files; the page refuses requests without them.
@Suite struct StatusPageAuthTests {
    /// A page over an empty mirror, with `auth`.
    static func context(_ auth: StatusPageAuth, remote: Remote) throws -> HTTPServer.Context {
        let parts = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: InstantClock())
        let settings = remote.settings()
        let reader = StatusPageReader(
            mirror: parts.publisher.mirror, statusBranch: "main", statusPath: settings.repository.statusPath,
            manifestsPath: settings.repository.manifestsPath, health: parts.daemon.health)
        return HTTPServer.Context(
            listen: ListenAddress(host: "127.0.0.1", port: 0), maxBodyBytes: 4096, webhook: nil,
            triggers: DaemonTriggers(), health: parts.daemon.health, registry: nil, metrics: parts.metrics,
            limits: .patient, page: StatusPage(reader: reader, auth: auth))
    }

    static func secretFile(_ remote: Remote, _ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = remote.fixture.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func basicAuthIsRequiredOnEveryPageRoute() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonEndToEndTests.manifest("1.0.0")])
        var settings = HTTPSettings()
        settings.pageAuth = .basic
        settings.basicAuthFile = try Self.secretFile(remote, "page-users", "ops:correct horse battery\n")
        let auth = try StatusPageAuth(settings)
        let app = HTTPServer.application(try Self.context(auth, remote: remote), logger: Logger(label: "kiln.test"))
        try await app.test(.live) { client in
            for uri in ["/", "/api/status", "/images/web"] {
                let refused = try await client.execute(uri: uri, method: .get)
                #expect(refused.status == .unauthorized, "\(uri)")
                #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Basic realm=\"kiln\"") == true)
            }
            func get(_ credentials: String) async throws -> HTTPResponse.Status {
                let header = "Basic " + Data(credentials.utf8).base64EncodedString()
                return try await client.execute(uri: "/", method: .get, headers: [.authorization: header]).status
            }
            #expect(try await get("ops:wrong") == .unauthorized)
            #expect(try await get("ops:correct horse battery ") == .unauthorized)
            #expect(try await get("ops:correct horse battery") == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok, "health stays open")
        }
    }

    @Test func bearerTokenIsRequired() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonEndToEndTests.manifest("1.0.0")])
        var settings = HTTPSettings()
        settings.pageAuth = .bearer
        settings.bearerTokenFile = try Self.secretFile(remote, "page-token", "s3cr3t-page-token")
        let app = HTTPServer.application(
            try Self.context(try StatusPageAuth(settings), remote: remote), logger: Logger(label: "kiln.test"))
        try await app.test(.live) { client in
            #expect(try await client.execute(uri: "/api/status", method: .get).status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/api/status", method: .get, headers: [.authorization: "Bearer s3cr3t-page-tokeN"])
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(
                uri: "/api/status", method: .get, headers: [.authorization: "Bearer s3cr3t-page-token"])
            #expect(right.status == .ok)
            #expect(String(buffer: right.body).contains("\"images\":[]"))
        }
    }

    @Test func openSecretFilesAndMissingFilesAreRefused() throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonEndToEndTests.manifest("1.0.0")])
        var settings = HTTPSettings()
        settings.pageAuth = .bearer
        settings.bearerTokenFile = try Self.secretFile(remote, "open-token", "token", mode: 0o644)
        #expect(throws: (any Error).self) { try StatusPageAuth(settings) }
        settings.pageAuth = .basic
        settings.basicAuthFile = try Self.secretFile(remote, "no-colon", "justapassword")
        #expect(throws: (any Error).self) { try StatusPageAuth(settings) }
        var configuration = remote.settings()
        configuration.http.pageAuth = .basic
        #expect(throws: ConfigError.self) { try configuration.validate() }
    }

    @Test func withoutAPageTheRoutesAnswer404() async throws {
        let app = HTTPServer.application(HTTPHardeningTests.context(), logger: Logger(label: "kiln.test"))
        try await app.test(.live) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .notFound)
        }
    }
}
