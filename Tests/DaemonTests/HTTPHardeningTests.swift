import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Testing

@testable import Controller

/// The HTTP server over real sockets: replayed deliveries, slow clients, too many connections, and what
/// `/readyz` tells hosts other than this one.
@Suite(.serialized) struct HTTPHardeningTests {
    static func context(
        listen: String = "127.0.0.1", limits: HTTPLimits = .patient, health: DaemonHealth? = nil
    ) -> HTTPServer.Context {
        let registry = PrometheusCollectorRegistry()
        return HTTPServer.Context(
            listen: ListenAddress(host: listen, port: 0), maxBodyBytes: 4096, webhook: WebhookTests.verifier,
            triggers: DaemonTriggers(), health: health ?? DaemonHealth(staleAfter: 600), registry: registry,
            metrics: DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry)), limits: limits)
    }

    /// Runs the daemon's HTTP application on a free port for the duration of `body`.
    static func withServer(
        _ context: HTTPServer.Context, _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: "kiln.test.http")
        let app = HTTPServer.application(context, logger: logger) { port in continuation.yield(port) }
        let group = ServiceGroup(services: [app], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    // MARK: - Replays

    @Test func aDeliveryIsActedOnOnce() async throws {
        let context = Self.context()
        let app = HTTPServer.application(context, logger: Logger(label: "kiln.test.http"))
        try await app.test(.live) { client in
            let body = Signing.push()
            func deliver(_ id: String) async throws -> TestResponse {
                let headers: HTTPFields = [
                    .init("X-GitHub-Event")!: "push", .init("X-GitHub-Delivery")!: id,
                    .init("X-Hub-Signature-256")!: Signing.signature(body, secret: WebhookTests.secret),
                    .contentType: "application/json",
                ]
                return try await client.execute(
                    uri: "/hooks/github", method: .post, headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await deliver("72d3162e-cc78-11e3-81ab-4c9367dc0958").status == .accepted)
            let replay = try await deliver("72d3162e-cc78-11e3-81ab-4c9367dc0958")
            #expect(replay.status == .ok)
            #expect(String(buffer: replay.body).contains("duplicate"))
            #expect(try await deliver("8a7e1c52-cc78-11e3-81ab-4c9367dc0958").status == .accepted)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"kiln_webhooks_total{event="push",outcome="push"} 2"#), "\(metrics)")
            #expect(metrics.contains(#"kiln_webhooks_total{event="push",outcome="duplicate"} 1"#), "\(metrics)")
        }
    }

    @Test func deliveryIdsAreRememberedForAnHourInBoundedMemory() {
        let deliveries = WebhookDeliveries(window: 3600, capacity: 3)
        let start = Date(timeIntervalSince1970: 1_717_243_200)
        for id in ["a", "b", "c", "d"] { #expect(deliveries.isFirst(id, at: start)) }
        #expect(deliveries.count == 3, "the oldest id went to make room")
        #expect(!deliveries.isFirst("d", at: start.addingTimeInterval(3599)))
        #expect(deliveries.isFirst("d", at: start.addingTimeInterval(3601)), "forgotten after an hour")
        #expect(deliveries.isFirst(String(repeating: "x", count: 10_000), at: start))
        #expect(!deliveries.isFirst(String(repeating: "x", count: 129), at: start), "ids are kept to 128 characters")
        #expect(deliveries.count <= 3)
    }

    // MARK: - Slow clients and many connections

    @Test func aRequestThatDoesNotArriveInTimeIsCutOff() async throws {
        let limits = HTTPLimits(idleTimeout: .seconds(30), readTimeout: .seconds(1), maxConnections: 8)
        try await Self.withServer(Self.context(limits: limits)) { port in
            let slowBody = try RawConnection(port: port)
            try slowBody.send("POST /hooks/github HTTP/1.1\r\nHost: kiln\r\nContent-Length: 100\r\n\r\n{\"ref\"")
            let slowHead = try RawConnection(port: port)
            try slowHead.send("GET /healthz HTTP/1.1\r\nHost: ")
            #expect(await slowBody.read(within: 60) == .closed, "a body dribbled in is cut off")
            #expect(await slowHead.read(within: 60) == .closed, "a head that never ends is cut off")
            let quick = try RawConnection(port: port)
            try quick.send("GET /healthz HTTP/1.1\r\nHost: kiln\r\n\r\n")
            guard case .data(let answer) = await quick.read(within: 60) else {
                Issue.record("a whole request is answered")
                return
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test func connectionsBeyondTheLimitWait() async throws {
        let limits = HTTPLimits(idleTimeout: .seconds(30), readTimeout: .seconds(30), maxConnections: 2)
        try await Self.withServer(Self.context(limits: limits)) { port in
            let first = try RawConnection(port: port)
            let second = try RawConnection(port: port)
            try second.send("GET /healthz HTTP/1.1\r\nHost: kiln\r\n\r\n")
            #expect(await second.read(within: 60) != .silent, "within the limit: answered")
            let third = try RawConnection(port: port)
            try third.send("GET /healthz HTTP/1.1\r\nHost: kiln\r\n\r\n")
            #expect(await third.read(within: 1) == .silent, "over the limit: not accepted yet")
            first.close()
            guard case .data(let answer) = await third.read(within: 60) else {
                Issue.record("the waiting connection is served once another closes")
                return
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    // MARK: - Readiness detail

    @Test func readinessDetailIsForThisHostOnly() async throws {
        let health = DaemonHealth(staleAfter: 600)
        health.update { $0.fetchError = "fetch main from https://git.acme.example/images.git: refused" }
        let address = try #require(nonLoopbackIPv4(), "this host has a non-loopback IPv4 address")
        try await Self.withServer(Self.context(listen: "0.0.0.0", health: health)) { port in
            for (host, detailed) in [("127.0.0.1", true), (address, false)] {
                let connection = try RawConnection(host: host, port: port)
                try connection.send("GET /readyz HTTP/1.1\r\nHost: kiln\r\n\r\n")
                guard case .data(let answer) = await connection.read(within: 60) else {
                    Issue.record("\(host): no answer")
                    continue
                }
                #expect(answer.hasPrefix("HTTP/1.1 503"), "\(host): \(answer)")
                #expect(answer.contains("git.acme.example") == detailed, "\(host): \(answer)")
                if !detailed { #expect(answer.hasSuffix("not ready\n"), "\(answer)") }
            }
        }
    }

    @Test(arguments: [
        (SocketAddressCase.v4("127.0.0.1"), true), (.v4("127.8.9.1"), true), (.v6("::1"), true),
        (.v4("192.0.2.2"), false), (.v6("fd00::2"), false), (.v4("10.127.0.1"), false),
    ])
    func loopbackAddresses(address: SocketAddressCase, loopback: Bool) throws {
        #expect(PeerRequestContext.isLoopback(try address.address) == loopback)
    }

    enum SocketAddressCase: Sendable, CustomStringConvertible {
        case v4(String)
        case v6(String)

        var address: SocketAddress {
            get throws {
                switch self {
                case .v4(let ip): try SocketAddress(ipAddress: ip, port: 80)
                case .v6(let ip): try SocketAddress(ipAddress: ip, port: 80)
                }
            }
        }

        var description: String {
            switch self {
            case .v4(let ip), .v6(let ip): ip
            }
        }
    }
}
