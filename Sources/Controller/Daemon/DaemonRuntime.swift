import AWS
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
    /// The host's lock file, taken by `run()` before anything else: one daemon per host.
    public let lockFile: LockFile
    /// The lease shared by several hosts, when `lease.dynamodbTable` is set: renewed by its own service.
    public let sharedLease: DynamoDBLease?
    /// Delivers notifications from its own service, when sinks are configured.
    public let notifier: Notifier?
    let logger: Logger

    /// Assembles the parts: the mirror in the cache directory, the status publisher, the lease, the webhook secret.
    ///
    /// The daemon acts only while it holds its lease: `lease` when given (tests), else the DynamoDB lease when
    /// `lease.dynamodbTable` is set (on `leaseTable`, named after the owner), else the host's lock file.
    ///
    /// - Parameters:
    ///   - reconciler: Runs cycles (`CycleReconciler` over the Cloud layer in `kiln daemon`).
    ///   - registry: The Prometheus registry `/metrics` shows (bootstrap `MetricsSystem` with it too).
    ///   - leaseTable: DynamoDB in the lease's region; required when `lease.dynamodbTable` is set.
    ///   - awsClient: Publishes notifications to SNS; required when `notify.snsTopics` is set.
    public init(
        configuration: DaemonConfiguration, reconciler: any Reconciling, registry: PrometheusCollectorRegistry?,
        metrics: DaemonMetrics = .global, lease: (any LeaseProvider)? = nil, leaseTable: DynamoDB? = nil,
        awsClient: AWSClient? = nil, clock: any CycleClock = SystemCycleClock(), logger: Logger
    ) throws {
        let repository = configuration.repository
        let mirror = try Mirror(
            url: repository.url, cacheDirectory: configuration.cacheDirectory,
            credentials: configuration.git.credentials, settings: configuration.git.transfer)
        let publisher = StatusPublisher(
            mirror: mirror, branch: configuration.statusTargetBranch, directory: repository.statusPath,
            authorName: configuration.git.authorName, authorEmail: configuration.git.authorEmail, clock: clock,
            metrics: metrics, logger: logger,
            signer: configuration.git.signingKeyFile.map { Repository.sshSigner(keyFile: $0) })
        let lockFile = LockFile(path: configuration.lockFile)
        var sharedLease: DynamoDBLease?
        if lease == nil, configuration.lease.dynamodbTable != nil {
            guard let leaseTable else {
                throw ConfigError.invalid("lease.dynamodbTable is set, but no region is known for it: set lease.region")
            }
            var leaseLogger = logger
            leaseLogger[metadataKey: "component"] = "lease"
            sharedLease = try DynamoDBLease(
                settings: configuration.lease, owner: configuration.resolvedOwner, dynamoDB: leaseTable, clock: clock,
                logger: leaseLogger)
        }
        var webhook: WebhookVerifier?
        if let file = configuration.http.webhookSecretFile {
            guard let secret = try WebhookVerifier.secret(fromFile: file) else {
                throw ConfigError.invalid("the webhook secret file \(file) is empty")
            }
            webhook = WebhookVerifier(secret: secret, branch: repository.branch)
        }
        let notifier = try Notifier.make(
            configuration.notify, awsClient: awsClient, clock: clock, metrics: metrics, logger: logger,
            outbox: NotificationOutbox(cacheDirectory: configuration.cacheDirectory))
        let daemon = Daemon(
            settings: configuration, mirror: mirror, reconciler: reconciler, publisher: publisher,
            lease: lease ?? sharedLease ?? lockFile, clock: clock, metrics: metrics, logger: logger,
            notifier: notifier)
        self.notifier = notifier
        self.daemon = daemon
        let page = StatusPage(
            reader: StatusPageReader(
                mirror: mirror, statusBranch: configuration.statusTargetBranch, statusPath: repository.statusPath,
                manifestsPath: repository.manifestsPath, health: daemon.health,
                historyLimit: configuration.http.pageHistoryCommits),
            auth: try StatusPageAuth(configuration.http))
        self.http = HTTPServer.Context(
            listen: configuration.http.listen, maxBodyBytes: configuration.http.maxBodyBytes, webhook: webhook,
            triggers: daemon.triggers, health: daemon.health, registry: registry, metrics: metrics, clock: clock,
            limits: HTTPLimits(configuration.http), page: page)
        self.lockFile = lockFile
        self.sharedLease = sharedLease
        self.logger = logger
    }

    /// Runs the daemon and the HTTP server until SIGTERM or SIGINT (graceful) or a failure of either.
    ///
    /// Takes the host's lock file first and throws `LockFileError` at once, naming the holder's process id, when
    /// another daemon holds it. The shared lease's renewal runs as a service listed before the daemon, so it
    /// outlives the daemon's last pass and the daemon hands the lease over before renewal stops.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try lockFile.lock()
        defer { lockFile.release() }
        var component = logger
        component[metadataKey: "component"] = "http"
        let httpLogger = component
        let server = HTTPServer.application(http, logger: httpLogger) { port in
            httpLogger.info("listening", metadata: ["port": "\(port)"])
            await onServerRunning(port)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services(server: server),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}

// MARK: - Services

extension DaemonRuntime {
    /// The lease's renewal (if shared), the daemon, the HTTP server: started in this order, stopped in reverse.
    private func services(server: some Service) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let sharedLease {
            services.append(.init(service: sharedLease))
        }
        if let notifier {
            services.append(.init(service: notifier))
        }
        services.append(.init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup))
        services.append(.init(service: server))
        return services
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
