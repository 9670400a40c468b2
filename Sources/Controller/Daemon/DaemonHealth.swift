import Foundation
import Synchronization

// MARK: - What /healthz and /readyz report

/// The daemon's latest facts, shared between the loop (which writes) and the HTTP handlers (which read).
public final class DaemonHealth: Sendable {
    /// The facts at one moment.
    public struct Snapshot: Sendable, Equatable {
        /// When the last fetch succeeded, and the last fetch error since then.
        public var lastFetchAt: Date?
        public var fetchError: String?
        /// When the last cycle finished, and how.
        public var lastCycleAt: Date?
        public var lastOutcome: CycleOutcome?
        /// When a cycle last ended without failing.
        public var lastSuccessAt: Date?
        /// AWS could not be observed in the last cycle (whole regions or everything).
        public var awsError: String?
        /// Another controller holds the lease.
        public var standby = false
        /// The manifest commit last reconciled.
        public var observedCommit: String?
        /// Why the daemon does nothing for the branch's newest commit (signature refused, history rewritten).
        public var sourceRefusal: String?
        /// When the loop next wakes (unless a webhook wakes it earlier).
        public var nextCycleAt: Date?
    }

    private let state = Mutex(Snapshot())
    /// A cycle that succeeded longer ago than this makes the daemon unready.
    public let staleAfter: TimeInterval

    /// Facts with nothing known yet.
    public init(staleAfter: TimeInterval) {
        self.staleAfter = staleAfter
    }

    /// The current facts.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }

    /// Why the daemon is not ready at `now`; empty when it is.
    public func unreadyReasons(now: Date) -> [String] {
        let facts = snapshot
        var reasons: [String] = []
        if facts.standby { reasons.append("standing by: another controller holds the lease") }
        if let error = facts.fetchError { reasons.append("git: \(error)") }
        if let error = facts.awsError { reasons.append("aws: \(error)") }
        if let refusal = facts.sourceRefusal { reasons.append("source: \(refusal)") }
        if let success = facts.lastSuccessAt {
            let age = now.timeIntervalSince(success)
            if age > staleAfter {
                reasons.append("the last successful cycle was \(Int(age))s ago (limit \(Int(staleAfter))s)")
            }
        } else if facts.lastCycleAt == nil {
            reasons.append("no cycle has finished yet")
        } else {
            reasons.append("no cycle has succeeded yet")
        }
        return reasons
    }
}
