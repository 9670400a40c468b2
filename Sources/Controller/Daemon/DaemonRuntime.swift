import Foundation
import Git
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

// MARK: - Everything `kiln daemon` runs, assembled

/// Builds the daemon and its HTTP server from a configuration and runs them in one `ServiceGroup` until SIGTERM
/// or SIGINT.
public struct DaemonRuntime: Sendable {
    /// The daemon loop.
    public let daemon: Daemon
    /// The HTTP endpoints' context.
    public let http: HTTPServer.Context
    let logger: Logger

    /// Assembles the parts: the mirror in the cache directory, the status publisher, the lease, the webhook secret.
    ///
    /// - Parameters:
    ///   - reconciler: Runs cycles (`CycleReconciler` over the Cloud layer in `kiln daemon`).
    ///   - registry: The Prometheus registry `/metrics` shows (bootstrap `MetricsSystem` with it too).
    public init(
        configuration: DaemonConfiguration, reconciler: any Reconciling, registry: PrometheusCollectorRegistry?,
        metrics: DaemonMetrics = .global, lease: (any LeaseProvider)? = nil,
        clock: any CycleClock = SystemCycleClock(), logger: Logger
    ) throws {
        let repository = configuration.repository
        let mirror = try Mirror(
            url: repository.url, cacheDirectory: configuration.cacheDirectory,
            credentials: configuration.git.credentials)
        let publisher = StatusPublisher(
            mirror: mirror, branch: configuration.statusTargetBranch, directory: repository.statusPath,
            authorName: configuration.git.authorName, authorEmail: configuration.git.authorEmail, clock: clock,
            metrics: metrics, logger: logger)
        let chosenLease: any LeaseProvider
        if let lease {
            chosenLease = lease
        } else if configuration.lease.dynamodbTable != nil {
            throw LeaseError.unsupported(
                "lease.dynamodbTable is set, but this build of kiln has no DynamoDB lease; use lease.lockFile")
        } else {
            chosenLease = LockFileLease(path: configuration.lockFile)
        }
        var webhook: WebhookVerifier?
        if let file = configuration.http.webhookSecretFile {
            guard let secret = try WebhookVerifier.secret(fromFile: file) else {
                throw ConfigError.invalid("the webhook secret file \(file) is empty")
            }
            webhook = WebhookVerifier(secret: secret, branch: repository.branch)
        }
        let daemon = Daemon(
            settings: configuration, mirror: mirror, reconciler: reconciler, publisher: publisher, lease: chosenLease,
            clock: clock, metrics: metrics, logger: logger)
        self.daemon = daemon
        self.http = HTTPServer.Context(
            listen: configuration.http.listen, maxBodyBytes: configuration.http.maxBodyBytes, webhook: webhook,
            triggers: daemon.triggers, health: daemon.health, registry: registry, metrics: metrics, clock: clock)
        self.logger = logger
    }

    /// Runs the daemon and the HTTP server until SIGTERM or SIGINT (graceful) or a failure of either.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var component = logger
        component[metadataKey: "component"] = "http"
        let httpLogger = component
        let server = HTTPServer.application(http, logger: httpLogger) { port in
            httpLogger.info("listening", metadata: ["port": "\(port)"])
            await onServerRunning(port)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: server),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

// MARK: - Process-wide set-up

extension DaemonRuntime {
    /// Makes a Prometheus registry the process's swift-metrics backend (once per process) and returns it, so the
    /// AWS module's counters and the daemon's show on `/metrics`.
    public static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// Makes `KilnLogHandler` the process's swift-log backend (once per process) and returns a logger.
    public static func bootstrapLogging(_ settings: LogSettings, label: String = "kiln.daemon") -> Logger {
        let format: KilnLogHandler.Format =
            switch settings.format {
            case .auto: .automatic
            case .json: .json
            case .text: .text
            }
        let level = Logger.Level(rawValue: settings.level) ?? .info
        LoggingSystem.bootstrap { label in KilnLogHandler(label: label, format: format, level: level) }
        return Logger(label: label)
    }
}
