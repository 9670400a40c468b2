import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import Redaction

// MARK: - The daemon's HTTP endpoints

/// `POST /hooks/github`, `GET /healthz`, `GET /readyz`, `GET /metrics` and the status page as a Hummingbird
/// application (itself a `Service` for the daemon's `ServiceGroup`).
public enum HTTPServer {
    /// What the handlers need.
    public struct Context: Sendable {
        /// The address to listen on (port 0 picks a free one).
        public var listen: ListenAddress
        /// Larger webhook bodies are refused with 413.
        public var maxBodyBytes: Int
        /// nil: the webhook answers 404.
        public var webhook: WebhookVerifier?
        public var triggers: DaemonTriggers
        public var health: DaemonHealth
        /// nil: `/metrics` answers 404.
        public var registry: PrometheusCollectorRegistry?
        public var metrics: DaemonMetrics
        public var clock: any CycleClock
        /// Timeouts and the connection limit.
        public var limits: HTTPLimits
        /// Delivery ids seen in the last hour: a repeated delivery is answered 200 and ignored.
        public var deliveries: WebhookDeliveries
        /// nil: the status page (`/`, `/images/<name>`, `/api/status`) answers 404.
        public var page: StatusPage?

        /// Creates a context.
        public init(
            listen: ListenAddress, maxBodyBytes: Int, webhook: WebhookVerifier?, triggers: DaemonTriggers,
            health: DaemonHealth, registry: PrometheusCollectorRegistry?, metrics: DaemonMetrics,
            clock: any CycleClock = SystemCycleClock(), limits: HTTPLimits = .defaults,
            deliveries: WebhookDeliveries = WebhookDeliveries(), page: StatusPage? = nil
        ) {
            self.listen = listen
            self.maxBodyBytes = maxBodyBytes
            self.webhook = webhook
            self.triggers = triggers
            self.health = health
            self.registry = registry
            self.metrics = metrics
            self.clock = clock
            self.limits = limits
            self.deliveries = deliveries
            self.page = page
        }
    }

    /// The application; `onServerRunning` learns the bound port.
    public static func application(
        _ context: Context, logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let limits = context.limits
        return Application(
            router: router(context),
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    additionalChannelHandlers: [RequestReadTimeout(timeout: limits.readTimeoutAmount)],
                    idleTimeout: limits.idleTimeoutAmount)),
            configuration: ApplicationConfiguration(
                address: .hostname(context.listen.host, port: context.listen.port), serverName: "kiln",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? context.listen.port) },
            logger: logger)
    }

    /// The routes.
    public static func router(_ context: Context) -> Router<PeerRequestContext> {
        let router = Router(context: PeerRequestContext.self)
        router.get("/healthz") { _, _ in text(.ok, "ok") }
        router.get("/readyz") { _, peer in
            let reasons = context.health.unreadyReasons(now: context.clock.now())
            guard !reasons.isEmpty else { return text(.ok, "ready") }
            // Why it is not ready (repository, AWS and commit details) only to this host.
            return text(.serviceUnavailable, peer.isLoopback ? reasons.joined(separator: "\n") : "not ready")
        }
        router.get("/metrics") { _, _ in
            guard let registry = context.registry else { return text(.notFound, "metrics are off") }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.post("/hooks/github") { request, _ in
            await webhook(request, context)
        }
        addStatusPage(to: router, context)
        return router
    }

    private static func webhook(_ request: Request, _ context: Context) async -> Response {
        guard let verifier = context.webhook else { return text(.notFound, "the webhook is not configured") }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: context.maxBodyBytes)
        } catch {
            context.metrics.webhook(event: "-", outcome: "too_large")
            return text(.contentTooLarge, "the body is larger than \(context.maxBodyBytes) bytes")
        }
        let event = header("x-github-event", in: request.headers)
        var decision = verifier.decide(
            event: event, signature: header("x-hub-signature-256", in: request.headers), body: Array(buffer: body))
        if decision.outcome != "unauthorized", let delivery = header("x-github-delivery", in: request.headers),
            !context.deliveries.isFirst(delivery, at: context.clock.now())
        {
            decision = WebhookVerifier.Decision(
                status: 200, message: "duplicate delivery: ignored", trigger: false, outcome: "duplicate")
        }
        let label = decision.outcome == "unauthorized" ? "-" : String((event ?? "-").prefix(40))
        context.metrics.webhook(event: label, outcome: decision.outcome)
        if decision.trigger { context.triggers.signal() }
        return text(HTTPResponse.Status(code: decision.status), decision.message)
    }

    /// The first value of a header, by its lowercased name.
    private static func header(_ name: String, in headers: HTTPFields) -> String? {
        headers.first { $0.name.canonicalName == name }?.value
    }

    /// A one-line answer, redacted (`/readyz` names the last git and AWS errors).
    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: Redaction.redact(message) + "\n")))
    }
}
