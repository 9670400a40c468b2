import AWS
import Foundation
import Logging
import Synchronization

// MARK: - One writer among several hosts

/// A lease in a DynamoDB table that lets one of several hosts act, and fences a holder that cannot renew.
///
/// One item per lease name: `pk` (the name), `holder` (host, process id and a random part), `expires` (epoch
/// seconds, by the writer's clock) and `version` (counts writes since the item was created). Every write is
/// conditional: acquire puts the item only when it is missing or expired, renew and release touch it only while
/// `holder` is this holder. A refused condition means "held by someone else" and is an answer, not an error.
///
/// Fencing: the holder trusts its lease until `sent + duration - clockSkewMargin`, where `sent` is when it sent
/// the write that succeeded. Another host takes over only when its own clock passes `expires` (`sent + duration`
/// rounded up), so as long as clocks disagree by less than the margin, `isHeld` turns false here before any other
/// host can acquire — whether the renewals failed, hung or were never sent.
public final class DynamoDBLease: Sendable {
    /// Where the lease lives and how long it lasts.
    public struct Configuration: Sendable, Hashable {
        /// The table, with a string partition key `pk`.
        public var table: String
        /// The item's key: one lease per controller (its owner, for instance).
        public var name: String
        /// How long a write keeps the lease.
        public var duration: Duration
        /// How often the holder renews (and a contender retries): a third of `duration` by default.
        public var renewInterval: Duration
        /// How much the hosts' clocks may disagree: the holder stops trusting its lease this long before expiry.
        public var clockSkewMargin: Duration

        /// A configuration; `renewInterval` defaults to a third of `duration`.
        public init(
            table: String = "kiln-lease", name: String, duration: Duration = .seconds(30),
            renewInterval: Duration? = nil, clockSkewMargin: Duration = .seconds(3)
        ) {
            self.table = table
            self.name = name
            self.duration = duration
            self.renewInterval = renewInterval ?? duration / 3
            self.clockSkewMargin = clockSkewMargin
        }

        /// Checks that a holder renewing on time always renews before it fences itself.
        public func validate() throws {
            guard !table.isEmpty, !name.isEmpty else {
                throw DynamoDBLeaseError.invalidConfiguration("empty table or name")
            }
            guard duration >= .seconds(2), clockSkewMargin >= .zero, renewInterval > .zero else {
                throw DynamoDBLeaseError.invalidConfiguration(
                    "duration must be at least 2s, margin and interval positive")
            }
            guard renewInterval + clockSkewMargin < duration else {
                throw DynamoDBLeaseError.invalidConfiguration(
                    "renewInterval (\(renewInterval)) + clockSkewMargin (\(clockSkewMargin)) must stay below duration"
                        + " (\(duration))")
            }
        }
    }

    /// What this holder knows about its lease.
    struct State: Sendable {
        /// Until when (by this host's clock) the lease may be trusted; nil when not held.
        var trustedUntil: Date?
        /// The item's `version` after this holder's last successful write.
        var version: Int = 0
        /// Counts releases: a write that started before a release must not revive the lease.
        var generation: Int = 0
    }

    /// This holder's identity, written into `holder`.
    public let holder: String
    /// The lease's settings.
    public let configuration: Configuration
    let dynamoDB: DynamoDB
    let clock: any CycleClock
    let logger: Logger
    let state = Mutex(State())

    /// A lease reached through `dynamoDB`; nothing is written until `acquire()`.
    ///
    /// Throws `DynamoDBLeaseError` when the configuration cannot fence safely.
    public init(
        dynamoDB: DynamoDB, configuration: Configuration, holder: String = LeaseHolder.current(),
        clock: any CycleClock = SystemCycleClock(), logger: Logger = Logger(label: "kiln.lease")
    ) throws {
        try configuration.validate()
        self.dynamoDB = dynamoDB
        self.configuration = configuration
        self.holder = holder
        self.clock = clock
        self.logger = logger
    }

    /// Whether this holder may act now: it holds the lease and its trust window has not run out.
    public var isHeld: Bool {
        guard let until = state.withLock({ $0.trustedUntil }) else { return false }
        return clock.now() < until
    }

    /// Until when (by this host's clock) the lease may be trusted, if it is held.
    public var trustedUntil: Date? {
        state.withLock { $0.trustedUntil }
    }

    // MARK: - Time

    /// The trust window that starts when a write was sent.
    func trustWindow(sentAt sent: Date) -> Date {
        sent.addingTimeInterval((configuration.duration - configuration.clockSkewMargin).timeInterval)
    }

    /// `expires` for a write sent at `sent`: whole epoch seconds, rounded up.
    func expiry(sentAt sent: Date) -> Int {
        Int((sent.timeIntervalSince1970 + configuration.duration.timeInterval).rounded(.up))
    }
}
