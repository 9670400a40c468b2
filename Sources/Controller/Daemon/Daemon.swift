import Foundation
import Git
import Logging
import ServiceLifecycle

// MARK: - The GitOps loop

/// The daemon's loop as a swift-service-lifecycle `Service`: take the lease, fetch the branch, decide, run a cycle
/// (which publishes the status).
///
/// Everything it talks to is injected, so it can be built in-process (tests, a SIGTERM-resume test, another
/// lease). `run()` loops until cancelled or a graceful shutdown: the wait between passes ends at once, a cycle in
/// progress finishes its current AWS call and skips the rest, and nothing is lost because state lives in AWS tags
/// and git. `pass(_:)` runs one iteration; tests drive it directly.
public actor Daemon: Service {
    /// How one pass ended.
    public enum PassResult: String, Sendable, Equatable {
        /// Another controller holds the lease.
        case standby
        /// The branch could not be fetched.
        case fetchFailed
        /// Nothing changed and no cycle was due.
        case idle
        /// A cycle ran (see `lastReport`).
        case cycled
        /// The manifest commit was refused (signature, or a rewritten history): nothing was done in AWS.
        case refused
    }

    let settings: DaemonConfiguration
    let mirror: Mirror
    let reconciler: any Reconciling
    let publisher: StatusPublisher
    let lease: any LeaseProvider
    let clock: any CycleClock
    let jitter: @Sendable () -> Double
    /// Webhooks signal here.
    public nonisolated let triggers: DaemonTriggers
    /// What `/readyz` reports.
    public nonisolated let health: DaemonHealth
    let metrics: DaemonMetrics
    let logger: Logger
    /// The manifests every cycle reads through: an unchanged manifest commit costs a lookup.
    public nonisolated let manifestCache: ManifestCache
    /// Tells webhooks and SNS topics what each cycle did (nil: no sinks configured).
    public nonisolated let notifier: Notifier?

    /// The loop's memory.
    public internal(set) var schedule: DaemonSchedule
    /// The manifest commit last reconciled (status-only commits on top do not change it).
    public internal(set) var manifestCommit: ObjectID?
    /// The branch tip last fetched, to notice a rewritten history.
    var fetchedTip: ObjectID?
    /// The report of the last cycle; nil while a cycle runs, so that the plan it holds is not kept under the next
    /// cycle's peak.
    public internal(set) var lastReport: CycleReport?
    /// Passes that ran a cycle, since start.
    public internal(set) var cycleCount = 0
    /// Passes, since start.
    public internal(set) var passCount = 0
    /// Whether the last pass held the lease (nil before the first): changes are logged, steady states are not.
    var heldLease: Bool?
    /// The commit refused by the last pass, if any (reported once).
    public internal(set) var sourceRefusal: SourceRefusal?
    /// The last commit whose signature verified, and its signer.
    var verifiedSigner: (commit: ObjectID, signer: VerifiedSigner)?
    /// Update branches already reported as left, so each is logged once per tip.
    let updateMemory = UpdateBranchMemory()
    /// When the mirror was last repacked.
    var mirrorMaintenance = MirrorMaintenance()

    /// Creates a daemon from its parts.
    public init(
        settings: DaemonConfiguration, mirror: Mirror, reconciler: any Reconciling, publisher: StatusPublisher,
        lease: any LeaseProvider = NoLease(), clock: any CycleClock = SystemCycleClock(),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: -1...1) },
        triggers: DaemonTriggers = DaemonTriggers(), health: DaemonHealth? = nil, metrics: DaemonMetrics = .global,
        logger: Logger = Logger(label: "kiln.daemon"), manifestCache: ManifestCache = ManifestCache(),
        notifier: Notifier? = nil
    ) {
        self.notifier = notifier
        self.settings = settings
        self.mirror = mirror
        self.reconciler = reconciler
        self.publisher = publisher
        self.lease = lease
        self.clock = clock
        self.jitter = jitter
        self.triggers = triggers
        let stale = settings.poll.resync.timeInterval * 2 + settings.poll.interval.timeInterval
        self.health = health ?? DaemonHealth(staleAfter: stale)
        self.metrics = metrics
        self.logger = logger
        self.manifestCache = manifestCache
        self.schedule = DaemonSchedule(settings: settings.poll, now: clock.now())
    }

    // MARK: - Service

    /// Passes until cancelled or shut down gracefully; releases the lease at the end.
    public func run() async throws {
        logger.info(
            "daemon started",
            metadata: [
                "repository": "\(mirror.url)", "branch": "\(settings.repository.branch)",
                "owner": "\(settings.resolvedOwner)",
            ])
        var wake = WakeReason.startup
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            _ = await pass(wake)
            let deadline = schedule.nextWake
            health.update { $0.nextCycleAt = deadline }
            let (triggers, clock) = (self.triggers, self.clock)
            do {
                wake = try await cancelWhenGracefulShutdown {
                    try await triggers.wait(until: deadline, clock: clock)
                }
            } catch {
                break
            }
        }
        await lease.release()
        logger.info("daemon stopped", metadata: ["cycles": "\(cycleCount)"])
    }
}
