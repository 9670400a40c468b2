import AWS
import AsyncHTTPClient
import Foundation
import Git
import Logging
import Redaction
import ServiceLifecycle
import Synchronization

// MARK: - Delivering events in the background

/// Sends events to the configured sinks from its own service, so reconciling never waits for a webhook.
///
/// `submit` is synchronous and cheap: it drops events already sent (a bounded memory of occurrence keys) and
/// queues each remaining event for every sink that wants it. Each sink has its own bounded queue (when full, the
/// oldest delivery is dropped, logged and counted) and its own worker, which retries a failed delivery with
/// exponential backoff up to `maxAttempts` times. Queued deliveries are lost on shutdown: events are told, not
/// stored.
public final class Notifier: Service, Sendable {
    /// How hard a delivery tries.
    public struct Retry: Sendable {
        public var maxAttempts: Int
        /// The pause after the first failure; doubled after each further one.
        public var initialBackoff: Duration
        public var maxBackoff: Duration

        public init(maxAttempts: Int = 5, initialBackoff: Duration = .seconds(2), maxBackoff: Duration = .seconds(60)) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }

        /// The pause after failed attempt `attempt` (1-based).
        func backoff(after attempt: Int) -> Duration {
            var pause = initialBackoff
            for _ in 1..<max(1, attempt) where pause < maxBackoff { pause *= 2 }
            return min(pause, maxBackoff)
        }
    }

    private struct Lane: Sendable {
        let sink: any NotificationSink
        let stream: AsyncStream<NotificationEvent>
        let continuation: AsyncStream<NotificationEvent>.Continuation
    }

    private let lanes: [Lane]
    private let retry: Retry
    private let clock: any CycleClock
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let sent: Mutex<OccurrenceMemory>
    private let onShutdown: @Sendable () async -> Void

    /// A notifier over `sinks`, each with a queue of `queueSize` deliveries.
    public init(
        sinks: [any NotificationSink], queueSize: Int = 256, retry: Retry = Retry(),
        clock: any CycleClock = SystemCycleClock(), metrics: DaemonMetrics = .global,
        logger: Logger = Logger(label: "kiln.notify"), memory: Int = 4096,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.lanes = sinks.map { sink in
            let (stream, continuation) = AsyncStream.makeStream(
                of: NotificationEvent.self, bufferingPolicy: .bufferingNewest(max(1, queueSize)))
            return Lane(sink: sink, stream: stream, continuation: continuation)
        }
        self.retry = retry
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.sent = Mutex(OccurrenceMemory(capacity: memory))
        self.onShutdown = onShutdown
    }

    /// The sinks, in the order configured.
    public var sinks: [any NotificationSink] { lanes.map(\.sink) }

    // MARK: - Submitting

    /// Queues each event not sent before for every sink that wants it; never waits.
    public func submit(_ events: [NotificationEvent]) {
        for event in events {
            guard sent.withLock({ $0.insert(event.key) }) else { continue }
            for lane in lanes where lane.sink.accepts(event.event) {
                if case .dropped(let oldest) = lane.continuation.yield(event) {
                    metrics.notificationDropped(sink: lane.sink.kind)
                    logger.warning(
                        "notification queue full: dropped the oldest",
                        metadata: [
                            "sink": "\(lane.sink.display)", "event": "\(oldest.event.rawValue)",
                            "image": "\(oldest.image ?? "-")",
                        ])
                }
            }
        }
    }

    // MARK: - Service

    /// Delivers until cancelled or shut down gracefully.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for lane in lanes {
                group.addTask { await self.work(lane) }
            }
        }
        await onShutdown()
    }

    private func work(_ lane: Lane) async {
        for await event in lane.stream.cancelOnGracefulShutdown() {
            await deliver(event, to: lane.sink)
        }
    }

    /// One delivery with its retries.
    func deliver(_ event: NotificationEvent, to sink: any NotificationSink) async {
        let body: Data
        do {
            body = try event.body()
        } catch {
            metrics.notification(sink: sink.kind, outcome: "failed")
            return
        }
        for attempt in 1...retry.maxAttempts {
            do {
                try await sink.deliver(event, body: body)
                metrics.notification(sink: sink.kind, outcome: "delivered")
                logger.debug(
                    "notification delivered",
                    metadata: ["sink": "\(sink.display)", "event": "\(event.event.rawValue)", "attempt": "\(attempt)"])
                return
            } catch {
                let message = Redaction.redact("\(error)")
                guard attempt < retry.maxAttempts, !Task.isCancelled else {
                    metrics.notification(sink: sink.kind, outcome: "failed")
                    logger.warning(
                        "notification not delivered",
                        metadata: [
                            "sink": "\(sink.display)", "event": "\(event.event.rawValue)",
                            "attempts": "\(attempt)", "error": "\(message)",
                        ])
                    return
                }
                metrics.notification(sink: sink.kind, outcome: "retried")
                logger.debug(
                    "notification failed; retrying",
                    metadata: ["sink": "\(sink.display)", "attempt": "\(attempt)", "error": "\(message)"])
                do {
                    try await clock.sleep(for: retry.backoff(after: attempt))
                } catch {
                    return
                }
            }
        }
    }
}

// MARK: - Occurrences already sent

/// The keys of the last `capacity` events sent: a bounded memory, the oldest forgotten first.
struct OccurrenceMemory: Sendable {
    let capacity: Int
    private var keys: Set<String> = []
    private var order: [String] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Remembers `key`; false when it was remembered already.
    mutating func insert(_ key: String) -> Bool {
        guard !keys.contains(key) else { return false }
        if order.count < capacity {
            order.append(key)
        } else {
            keys.remove(order[next])
            order[next] = key
            next = (next + 1) % capacity
        }
        keys.insert(key)
        return true
    }
}
