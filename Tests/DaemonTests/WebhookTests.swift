import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import Prometheus
import Testing

@testable import Controller

@Suite struct WebhookTests {
    static let secret = "It's a Secret to Everybody"
    static let verifier = WebhookVerifier(secret: Array(secret.utf8), branch: "main")

    @Test func gitHubsPublishedExampleVerifies() {
        // The example of GitHub's "Validating webhook deliveries" documentation.
        let verifier = WebhookVerifier(secret: Array("It's a Secret to Everybody".utf8), branch: "main")
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        #expect(verifier.isValid(signature: signature, body: Array("Hello, World!".utf8)))
        #expect(!verifier.isValid(signature: signature, body: Array("Hello, World?".utf8)))
    }

    /// (event, signature, body, status, trigger)
    static let deliveries: [(String?, String?, String, Int, Bool)] = [
        ("push", Signing.signature(Signing.push(), secret: secret), Signing.push(), 202, true),
        (
            "push", Signing.signature(Signing.push(branch: "dev"), secret: secret), Signing.push(branch: "dev"), 202,
            false
        ),
        ("ping", Signing.signature("{}", secret: secret), "{}", 200, false),
        ("issues", Signing.signature("{}", secret: secret), "{}", 202, false),
        ("push", Signing.signature("not json", secret: secret), "not json", 400, false),
        ("push", nil, Signing.push(), 401, false),
        ("push", Signing.signature(Signing.push(), secret: "wrong"), Signing.push(), 401, false),
        ("push", Signing.signature(Signing.push(), secret: secret), Signing.push() + " ", 401, false),
        ("push", "sha1=" + String(repeating: "0", count: 40), Signing.push(), 401, false),
        ("push", "sha256=zz", Signing.push(), 401, false),
        ("push", String(Signing.signature(Signing.push(), secret: secret).dropLast(2)), Signing.push(), 401, false),
    ]

    @Test(arguments: deliveries)
    func decisions(event: String?, signature: String?, body: String, status: Int, trigger: Bool) {
        let decision = Self.verifier.decide(event: event, signature: signature, body: Array(body.utf8))
        #expect(decision.status == status)
        #expect(decision.trigger == trigger)
    }

    // MARK: - Over HTTP

    static func context(webhook: WebhookVerifier? = verifier, maxBodyBytes: Int = 4096) -> HTTPServer.Context {
        let registry = PrometheusCollectorRegistry()
        return HTTPServer.Context(
            listen: ListenAddress(host: "127.0.0.1", port: 0), maxBodyBytes: maxBodyBytes, webhook: webhook,
            triggers: DaemonTriggers(), health: DaemonHealth(staleAfter: 600), registry: registry,
            metrics: DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry)), clock: ManualClock())
    }

    static func post(
        _ client: some TestClientProtocol, _ body: String, event: String = "push", signature: String?
    ) async throws -> TestResponse {
        var headers: HTTPFields = [
            try #require(HTTPField.Name("X-GitHub-Event")): event, .contentType: "application/json",
        ]
        if let signature { headers[try #require(HTTPField.Name("X-Hub-Signature-256"))] = signature }
        return try await client.execute(
            uri: "/hooks/github", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func aSignedPushWakesTheLoopAndNothingElseDoes() async throws {
        let context = Self.context()
        let app = Application(router: HTTPServer.router(context))
        try await app.test(.router) { client in
            let unsigned = try await Self.post(client, Signing.push(), signature: nil)
            #expect(unsigned.status == .unauthorized)
            let forged = try await Self.post(
                client, Signing.push(), signature: Signing.signature(Signing.push(), secret: "guess"))
            #expect(forged.status == .unauthorized)
            #expect(!context.triggers.isPending)
            let signed = try await Self.post(
                client, Signing.push(), signature: Signing.signature(Signing.push(), secret: Self.secret))
            #expect(signed.status == .accepted)
            #expect(context.triggers.isPending)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"kiln_webhooks_total{event="-",outcome="unauthorized"} 2"#), "\(text)")
            #expect(text.contains(#"kiln_webhooks_total{event="push",outcome="push"} 1"#), "\(text)")
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        let context = Self.context(maxBodyBytes: 1024)
        let app = Application(router: HTTPServer.router(context))
        try await app.test(.router) { client in
            let body = String(repeating: "x", count: 4096)
            let response = try await Self.post(client, body, signature: Signing.signature(body, secret: Self.secret))
            #expect(response.status == .contentTooLarge)
            #expect(!context.triggers.isPending)
        }
    }

    @Test func withoutASecretTheWebhookIsOff() async throws {
        let context = Self.context(webhook: nil)
        let app = Application(router: HTTPServer.router(context))
        try await app.test(.router) { client in
            let response = try await Self.post(
                client, Signing.push(), signature: Signing.signature(Signing.push(), secret: Self.secret))
            #expect(response.status == .notFound)
            #expect(!context.triggers.isPending)
        }
    }

    @Test func healthAndReadiness() async throws {
        let context = Self.context()
        let app = HTTPServer.application(context, logger: Logger(label: "kiln.test.http"))
        try await app.test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let unready = try await client.execute(uri: "/readyz", method: .get)
            #expect(unready.status == .serviceUnavailable)
            #expect(String(buffer: unready.body).contains("no cycle has finished yet"))
            let now = context.clock.now()
            context.health.update {
                $0.lastCycleAt = now
                $0.lastSuccessAt = now
                $0.lastOutcome = .converged
            }
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            context.health.update { $0.fetchError = "fetch main: connection refused" }
            let gitDown = try await client.execute(uri: "/readyz", method: .get)
            #expect(gitDown.status == .serviceUnavailable)
            #expect(String(buffer: gitDown.body).contains("git: fetch main: connection refused"))
        }
    }

    @Test func readinessGoesStaleWithoutSuccess() {
        let health = DaemonHealth(staleAfter: 600)
        let start = Date(timeIntervalSince1970: 1_000_000)
        health.update {
            $0.lastCycleAt = start
            $0.lastSuccessAt = start
        }
        #expect(health.unreadyReasons(now: start.addingTimeInterval(599)).isEmpty)
        #expect(health.unreadyReasons(now: start.addingTimeInterval(601)).first?.contains("601s ago") == true)
        health.update { $0.standby = true }
        #expect(health.unreadyReasons(now: start).contains { $0.contains("another controller holds the lease") })
    }
}
