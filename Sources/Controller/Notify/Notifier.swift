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
/// exponential backoff up to `maxAttempts` times. On a graceful shutdown the workers stop between attempts, and
/// what is still queued, with the memory of what was sent, goes to the `outbox` (when there is one) for the next
/// start to deliver.
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

    /// One sink's queue and the signal that wakes its worker.
    private final class Lane: Sendable {
        let sink: any NotificationSink
        let queue = Mutex<[NotificationEvent]>([])
        let wake: AsyncStream<Void>
        let waker: AsyncStream<Void>.Continuation

        init(sink: any NotificationSink) {
            self.sink = sink
            (wake, waker) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        }
    }

    private let lanes: [Lane]
    private let queueSize: Int
    private let retry: Retry
    private let clock: any CycleClock
    private let metrics: DaemonMetrics
    private let logger: Logger
    private let sent: Mutex<OccurrenceMemory>
    private let outbox: NotificationOutbox?
    private let onShutdown: @Sendable () async -> Void

    /// A notifier over `sinks`, each with a queue of `queueSize` deliveries. With an `outbox`, what an earlier run
    /// left undelivered is queued again now, and what this run leaves is written there when it stops.
    public init(
        sinks: [any NotificationSink], queueSize: Int = 256, retry: Retry = Retry(),
        clock: any CycleClock = SystemCycleClock(), metrics: DaemonMetrics = .global,
        logger: Logger = Logger(label: "kiln.notify"), memory: Int = 4096, outbox: NotificationOutbox? = nil,
        onShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.lanes = sinks.map(Lane.init)
        self.queueSize = max(1, queueSize)
        self.retry = retry
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.sent = Mutex(OccurrenceMemory(capacity: memory))
        self.outbox = outbox
        self.onShutdown = onShutdown
        restore()
    }

    /// The sinks, in the order configured.
    public var sinks: [any NotificationSink] { lanes.map(\.sink) }

    // MARK: - Submitting

    /// Queues each event not sent before for every sink that wants it; never waits.
    public func submit(_ events: [NotificationEvent]) {
        for event in events {
            guard sent.withLock({ $0.insert(event.key) }) else { continue }
            for lane in lanes where lane.sink.accepts(event.event) {
                enqueue(event, on: lane)
            }
        }
    }

    private func enqueue(_ event: NotificationEvent, on lane: Lane) {
        let dropped = lane.queue.withLock { queue -> NotificationEvent? in
            queue.append(event)
            return queue.count > queueSize ? queue.removeFirst() : nil
        }
        lane.waker.yield()
        guard let dropped else { return }
        metrics.notificationDropped(sink: lane.sink.kind)
        logger.warning(
            "notification queue full: dropped the oldest",
            metadata: [
                "sink": "\(lane.sink.display)", "event": "\(dropped.event.rawValue)",
                "image": "\(dropped.image ?? "-")",
            ])
    }

    // MARK: - Service

    /// Delivers until cancelled or shut down gracefully, then hands what is left to the outbox.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for lane in lanes {
                group.addTask { await self.work(lane) }
            }
        }
        persist()
        await onShutdown()
    }

    private func work(_ lane: Lane) async {
        for await _ in lane.wake.cancelOnGracefulShutdown() {
            while !Task.isCancelled, !Task.isShuttingDownGracefully,
                let event = lane.queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() })
            {
                guard await deliver(event, to: lane.sink) else {
                    // Stopped before the event was settled: it stays first in line, for the outbox.
                    lane.queue.withLock { $0.insert(event, at: 0) }
                    return
                }
            }
        }
    }

    /// One delivery with its retries: true once the event is settled (delivered, or given up after the last
    /// attempt), false when the notifier stops first (cancelled, or a graceful shutdown during a backoff).
    func deliver(_ event: NotificationEvent, to sink: any NotificationSink) async -> Bool {
        let body: Data
        do {
            body = try event.body()
        } catch {
            metrics.notification(sink: sink.kind, outcome: "failed")
            return true
        }
        for attempt in 1...retry.maxAttempts {
            do {
                try await sink.deliver(event, body: body)
                metrics.notification(sink: sink.kind, outcome: "delivered")
                logger.debug(
                    "notification delivered",
                    metadata: ["sink": "\(sink.display)", "event": "\(event.event.rawValue)", "attempt": "\(attempt)"])
                return true
            } catch {
                let message = Redaction.redact("\(error)")
                guard attempt < retry.maxAttempts else {
                    metrics.notification(sink: sink.kind, outcome: "failed")
                    logger.warning(
                        "notification not delivered",
                        metadata: [
                            "sink": "\(sink.display)", "event": "\(event.event.rawValue)",
                            "attempts": "\(attempt)", "error": "\(message)",
                        ])
                    return true
                }
                metrics.notification(sink: sink.kind, outcome: "retried")
                logger.debug(
                    "notification failed; retrying",
                    metadata: ["sink": "\(sink.display)", "attempt": "\(attempt)", "error": "\(message)"])
                do {
                    let pause = retry.backoff(after: attempt)
                    try await cancelWhenGracefulShutdown { [clock] in try await clock.sleep(for: pause) }
                } catch {
                    return false
                }
            }
        }
        return true
    }

    // MARK: - Across restarts

    /// Queues what the outbox holds for the sinks still configured, and remembers what it says was sent.
    private func restore() {
        guard let outbox else { return }
        let contents: NotificationOutbox.Contents
        do {
            guard let taken = try outbox.take() else { return }
            contents = taken
        } catch {
            logger.warning(
                "notification outbox unreadable: earlier undelivered events are lost",
                metadata: ["path": "\(outbox.path)", "error": "\(Redaction.redact("\(error)"))"])
            return
        }
        sent.withLock { memory in
            for key in contents.sent { _ = memory.insert(key) }
        }
        var lost = 0
        for pending in contents.pending {
            guard let lane = lanes.first(where: { $0.sink.identity == pending.sink }) else {
                lost += 1
                continue
            }
            enqueue(pending.event, on: lane)
        }
        logger.info(
            "notifications from the last run queued again",
            metadata: ["queued": "\(contents.pending.count - lost)", "sink_gone": "\(lost)"])
    }

    /// Writes what is still queued, and the memory of what was sent, to the outbox.
    private func persist() {
        guard let outbox else { return }
        let pending = lanes.flatMap { lane in
            lane.queue.withLock { queue in
                queue.map { NotificationOutbox.Pending(sink: lane.sink.identity, event: $0) }
            }
        }
        do {
            try outbox.put(.init(pending: pending, sent: sent.withLock { $0.keys }))
            if !pending.isEmpty {
                logger.info(
                    "undelivered notifications kept for the next start", metadata: ["queued": "\(pending.count)"])
            }
        } catch {
            logger.warning(
                "notification outbox not written: undelivered events are lost",
                metadata: ["queued": "\(pending.count)", "error": "\(Redaction.redact("\(error)"))"])
        }
    }
}

// MARK: - Occurrences already sent

/// The keys of the last `capacity` events sent: a bounded memory, the oldest forgotten first.
struct OccurrenceMemory: Sendable {
    let capacity: Int
    private var known: Set<String> = []
    private var order: [String] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The keys remembered, oldest first.
    var keys: [String] {
        order.count < capacity ? order : Array(order[next...] + order[..<next])
    }

    /// Remembers `key`; false when it was remembered already.
    mutating func insert(_ key: String) -> Bool {
        guard !known.contains(key) else { return false }
        if order.count < capacity {
            order.append(key)
        } else {
            known.remove(order[next])
            order[next] = key
            next = (next + 1) % capacity
        }
        known.insert(key)
        return true
    }
}
