import AsyncHTTPClient
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Synchronization
import Testing

@testable import Controller

/// The notifier against a real HTTP receiver on loopback: bodies, HMAC signatures, retry after a 500, one delivery
/// per occurrence, a bounded queue.
@Suite struct NotifierWebhookTests {
    /// What the receiver got.
    final class Received: Sendable {
        struct Delivery: Sendable {
            var body: Data
            var signature: String?
            var event: String?
            var contentType: String?
        }

        let deliveries = Mutex<[Delivery]>([])
        /// Answers 500 to this many requests first.
        let failFirst: Int

        init(failFirst: Int) {
            self.failFirst = failFirst
        }

        var all: [Delivery] { deliveries.withLock { $0 } }

        /// Waits (up to 10 s) until `count` deliveries arrived.
        func wait(for count: Int) async throws {
            for _ in 0..<1000 where all.count < count { try await Task.sleep(for: .milliseconds(10)) }
        }
    }

    static func receiver(_ received: Received) -> some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let signatureName = try #require(HTTPField.Name("X-Kiln-Signature-256"))
            let eventName = try #require(HTTPField.Name("X-Kiln-Event"))
            let number = received.deliveries.withLock { deliveries in
                deliveries.append(
                    .init(
                        body: Data(body.readableBytesView),
                        signature: request.headers[values: signatureName].first,
                        event: request.headers[values: eventName].first,
                        contentType: request.headers[.contentType]))
                return deliveries.count
            }
            return Response(status: number <= received.failFirst ? .internalServerError : .noContent)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static let secret = "notify-secret-0123456789"

    static func event(_ image: String, _ kind: NotificationEvent.Kind = .bakeSucceeded) -> NotificationEvent {
        NotificationEvent(
            kind, image: image, version: "1.4.2", region: "us-east-1", amiId: "ami-0abc", commit: "0123abcd",
            time: Reports.start, text: "Kiln baked \(image) 1.4.2 as ami-0abc in us-east-1")
    }

    static func emitted(_ registry: PrometheusCollectorRegistry) -> String {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func signedBodiesArriveOnceAndA500IsRetried() async throws {
        let received = Received(failFirst: 1)
        let registry = PrometheusCollectorRegistry()
        let metrics = DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry))
        try await Self.receiver(received).test(.live) { client in
            let port = try #require(client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let target = WebhookTarget(url: "http://127.0.0.1:\(port)/hook")
            let notifier = Notifier(
                sinks: [WebhookSink(target: target, secret: Array(Self.secret.utf8), http: http)],
                retry: .init(maxAttempts: 3, initialBackoff: .milliseconds(20)), metrics: metrics,
                onShutdown: { try? await http.shutdown() })
            let running = Task { try await notifier.run() }
            notifier.submit([Self.event("web")])
            try await received.wait(for: 2)
            // The same occurrence again, then another: the receiver sees only the other.
            notifier.submit([Self.event("web"), Self.event("api")])
            try await received.wait(for: 3)
            running.cancel()
            _ = try? await running.value

            let all = received.all
            #expect(all.count == 3, "\(all.count) deliveries")
            #expect(all[0].body == all[1].body, "the retry sends the same body")
            for delivery in all {
                let key = SymmetricKey(data: Array(Self.secret.utf8))
                let mac = HMAC<SHA256>.authenticationCode(for: delivery.body, using: key)
                let hex = mac.map { String(format: "%02x", $0) }.joined()
                #expect(delivery.signature == "sha256=" + hex)
                #expect(delivery.event == "bake.succeeded")
                #expect(delivery.contentType == "application/json")
            }
            let first = try #require(try JSONSerialization.jsonObject(with: all[1].body) as? [String: Any])
            #expect(first["event"] as? String == "bake.succeeded")
            #expect(first["image"] as? String == "web" && first["amiId"] as? String == "ami-0abc")
            #expect(first["text"] as? String == "Kiln baked web 1.4.2 as ami-0abc in us-east-1")
            let last = try #require(try JSONSerialization.jsonObject(with: all[2].body) as? [String: Any])
            #expect(last["image"] as? String == "api")

            let text = Self.emitted(registry)
            #expect(text.contains(#"kiln_notifications_total{sink="webhook",outcome="retried"} 1"#), "\(text)")
            #expect(text.contains(#"kiln_notifications_total{sink="webhook",outcome="delivered"} 2"#), "\(text)")
        }
    }

    @Test func eventFiltersChooseWhatASinkGets() async throws {
        let received = Received(failFirst: 0)
        try await Self.receiver(received).test(.live) { client in
            let port = try #require(client.port)
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let target = WebhookTarget(url: "http://127.0.0.1:\(port)/hook", events: [.imageStalled])
            let notifier = Notifier(
                sinks: [WebhookSink(target: target, secret: nil, http: http)],
                onShutdown: { try? await http.shutdown() })
            let running = Task { try await notifier.run() }
            notifier.submit([Self.event("web"), Self.event("web", .imageStalled)])
            try await received.wait(for: 1)
            notifier.submit([Self.event("api", .imageStalled)])
            try await received.wait(for: 2)
            running.cancel()
            _ = try? await running.value
            #expect(received.all.map(\.event) == ["image.stalled", "image.stalled"])
            #expect(received.all.allSatisfy { $0.signature == nil })
        }
    }

    /// A sink that records what it is given.
    final class RecordingSink: NotificationSink {
        let delivered = Mutex<[String]>([])
        var kind: String { "webhook" }
        var display: String { "recording" }
        func accepts(_ kind: NotificationEvent.Kind) -> Bool { true }
        func deliver(_ event: NotificationEvent, body: Data) async throws {
            delivered.withLock { $0.append(event.image ?? "-") }
        }
    }

    @Test func aFullQueueDropsTheOldestAndCountsIt() async throws {
        let registry = PrometheusCollectorRegistry()
        let sink = RecordingSink()
        let notifier = Notifier(
            sinks: [sink], queueSize: 2, metrics: DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        // Nothing delivers yet: the third event pushes the first out.
        notifier.submit([Self.event("a"), Self.event("b"), Self.event("c")])
        #expect(Self.emitted(registry).contains(#"kiln_notifications_dropped_total{sink="webhook"} 1"#))
        let running = Task { try await notifier.run() }
        for _ in 0..<500 where sink.delivered.withLock({ $0.count }) < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        running.cancel()
        _ = try? await running.value
        #expect(sink.delivered.withLock { $0 } == ["b", "c"])
    }

    @Test func webhookURLsMustBeHTTPSUnlessLoopback() {
        #expect(NotifyURL.problem("https://hooks.example.com/services/T0/B0/XYZ") == nil)
        #expect(NotifyURL.problem("http://127.0.0.1:9000/hook") == nil)
        #expect(NotifyURL.problem("http://localhost/hook") == nil)
        #expect(NotifyURL.problem("http://[::1]:8080/") == nil)
        #expect(NotifyURL.problem("http://hooks.example.com/hook") != nil)
        #expect(NotifyURL.problem("http://127.0.0.1.example.com/hook") != nil)
        #expect(NotifyURL.problem("ftp://127.0.0.1/") != nil)
        #expect(NotifyURL.problem("https://user:pw@example.com/") != nil)
        #expect(NotifyURL.display("https://hooks.slack.com/services/T0/B0/SECRET") == "https://hooks.slack.com/…")
    }
}
