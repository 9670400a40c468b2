import Foundation
import Git
import Logging
import Prometheus

@testable import Controller

/// A daemon over a `Remote`, with a fake or real reconciler, a clock and its own metrics registry.
struct DaemonParts: Sendable {
    let daemon: Daemon
    let registry: PrometheusCollectorRegistry
    let metrics: DaemonMetrics
    let publisher: StatusPublisher

    init(
        remote: Remote, reconciler: any Reconciling, clock: any CycleClock, statusBranch: String? = nil,
        lease: any LeaseProvider = NoLease(), url: String? = nil,
        logger: Logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }, notifier: Notifier? = nil,
        configure: (inout DaemonConfiguration) -> Void = { _ in }
    ) throws {
        var settings = remote.settings(statusBranch: statusBranch)
        if let url { settings.repository.url = url }
        configure(&settings)
        let mirror = try Mirror(url: settings.repository.url, cacheDirectory: settings.cacheDirectory)
        let registry = PrometheusCollectorRegistry()
        let metrics = DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let publisher = StatusPublisher(
            mirror: mirror, branch: settings.statusTargetBranch, directory: settings.repository.statusPath,
            clock: clock, metrics: metrics, logger: logger,
            signer: settings.git.signingKeyFile.map { Repository.sshSigner(keyFile: $0) })
        self.daemon = Daemon(
            settings: settings, mirror: mirror, reconciler: reconciler, publisher: publisher, lease: lease,
            clock: clock, jitter: { 0 }, metrics: metrics, logger: logger, notifier: notifier)
        self.registry = registry
        self.metrics = metrics
        self.publisher = publisher
    }

    /// The Prometheus text of the registry.
    var metricsText: String {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
