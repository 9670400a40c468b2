import AWS
import AsyncHTTPClient
import Foundation
import Git
import Logging
import Metrics
import Redaction

// MARK: - A notifier from the daemon's settings

extension Notifier {
    /// The notifier of `settings`, or nil when no sink is configured. Reads each webhook's secret file (which
    /// must not be readable by others, like every secret file) and keeps it out of every output.
    ///
    /// - Parameters:
    ///   - awsClient: Publishes to SNS; required when topics are configured.
    ///   - outbox: Carries undelivered events across a restart (the daemon's is in its cache directory).
    public static func make(
        _ settings: NotifySettings, awsClient: AWSClient?, clock: any CycleClock = SystemCycleClock(),
        metrics: DaemonMetrics = .global, logger: Logger, outbox: NotificationOutbox? = nil
    ) throws -> Notifier? {
        guard settings.isEnabled else { return nil }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(10))
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var sinks: [any NotificationSink] = []
        do {
            for target in settings.webhooks {
                let secret = try target.secretFile.map { try Self.secret(fromFile: $0) }
                sinks.append(WebhookSink(target: target, secret: secret, http: http))
            }
            if !settings.snsTopics.isEmpty {
                guard let awsClient else { throw ConfigError.invalid("notify.snsTopics needs AWS credentials") }
                sinks += settings.snsTopics.map { SNSTopicSink(target: $0, client: awsClient) }
            }
        } catch {
            try? http.syncShutdown()
            throw error
        }
        var notifyLogger = logger
        notifyLogger[metadataKey: "component"] = "notify"
        return Notifier(
            sinks: sinks, queueSize: settings.queueSize, retry: Retry(maxAttempts: settings.maxAttempts), clock: clock,
            metrics: metrics, logger: notifyLogger, outbox: outbox, onShutdown: { try? await http.shutdown() })
    }

    /// A secret file's content, white space trimmed; its mode is checked first, and an empty file is an error.
    static func secret(fromFile path: String) throws -> [UInt8] {
        let text = try SecretFile.read(path, what: "notification secret")
        Redaction.remember(secret: text)
        return Array(text.utf8)
    }
}

// MARK: - Metrics

extension DaemonMetrics {
    /// `kiln_notifications_total{sink,outcome}`: `delivered`, `retried` (an attempt failed, another follows) or
    /// `failed` (every attempt failed).
    func notification(sink: String, outcome: String) {
        Counter(
            label: "kiln_notifications_total", dimensions: [("sink", sink), ("outcome", outcome)], factory: factory
        ).increment()
    }

    /// `kiln_notifications_dropped_total{sink}`: deliveries dropped because the sink's queue was full.
    func notificationDropped(sink: String) {
        Counter(label: "kiln_notifications_dropped_total", dimensions: [("sink", sink)], factory: factory).increment()
    }
}
