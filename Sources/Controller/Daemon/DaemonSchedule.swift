import Foundation
import Planner

// MARK: - When to run a cycle: the loop's pure decisions

/// How a cycle ended, for scheduling and metrics.
public enum CycleOutcome: String, Sendable, Equatable, CaseIterable {
    /// Nothing left to do.
    case converged
    /// Work is under way (a bake, a rollout, a wait with a known end): re-check soon.
    case progressing
    /// What is left needs a person (an invalid manifest, a bake that failed every attempt).
    case stalled
    /// Something failed that may heal: back off and retry.
    case failed

    /// The outcome of a report.
    public init(_ report: CycleReport) {
        let transient = report.issues.contains { $0.category == .transient }
        if !report.planned {
            self = transient || report.issues.isEmpty ? .failed : .stalled
        } else if report.hasFailedActions || transient {
            self = .failed
        } else if report.isConverged {
            self = .converged
        } else if report.isStuck {
            self = .stalled
        } else {
            self = .progressing
        }
    }
}

/// The loop's memory of cycles and what it decides from it: whether a wake-up runs a cycle, and when to wake.
///
/// A new manifest commit always runs at once (a failing commit never blocks a newer one); otherwise a cycle runs
/// when a failure's backoff has passed, when work in progress is due for a re-check, or when the resync interval
/// has passed since the last cycle.
public struct DaemonSchedule: Sendable, Equatable {
    public var settings: PollSettings
    /// When the last cycle finished.
    public private(set) var lastCycleAt: Date?
    /// Failed cycles (or fetches) in a row.
    public private(set) var consecutiveFailures = 0
    /// After a failure: no cycle for an unchanged commit before this time.
    public private(set) var retryAt: Date?
    /// Work in progress: the next cycle is due at this time.
    public private(set) var recheckAt: Date?
    /// When the branch is fetched next.
    public private(set) var nextPollAt: Date

    /// A schedule whose first poll is due at `now`.
    public init(settings: PollSettings, now: Date) {
        self.settings = settings
        self.nextPollAt = now
    }

    /// Whether a wake-up at `now` runs a cycle.
    public func shouldRun(manifestsChanged: Bool, now: Date) -> Bool {
        if manifestsChanged || lastCycleAt == nil { return true }
        if let retryAt { return now >= retryAt }
        if let recheckAt, now >= recheckAt { return true }
        guard let lastCycleAt else { return true }
        return now >= lastCycleAt.addingTimeInterval(settings.resync.timeInterval)
    }

    /// The next time the loop wakes by itself.
    public var nextWake: Date {
        [nextPollAt, retryAt, recheckAt].compactMap { $0 }.min() ?? nextPollAt
    }

    // MARK: - Recording

    /// A poll happened at `now`: the next one is an interval later, spread by `jitter` (-1…1 of the jitter).
    public mutating func polled(at now: Date, jitter: Double) {
        let spread = settings.effectiveJitter.timeInterval * min(max(jitter, -1), 1)
        nextPollAt = now.addingTimeInterval(max(settings.interval.timeInterval + spread, 1))
    }

    /// A cycle ended at `now`. `waitsUntil` are the end times of the plan's waits.
    public mutating func cycleEnded(_ outcome: CycleOutcome, at now: Date, waitsUntil: [Date] = []) {
        lastCycleAt = now
        switch outcome {
        case .failed:
            failed(at: now)
        case .progressing:
            consecutiveFailures = 0
            retryAt = nil
            let soonest = now.addingTimeInterval(settings.recheck.timeInterval)
            let due = waitsUntil.filter { $0 > now }.min().map { min($0, soonest) } ?? soonest
            recheckAt = max(due, now.addingTimeInterval(1))
        case .converged, .stalled:
            consecutiveFailures = 0
            retryAt = nil
            recheckAt = nil
        }
    }

    /// Something failed at `now` (a fetch, a cycle, a status push): back off exponentially, capped.
    public mutating func failed(at now: Date) {
        consecutiveFailures += 1
        retryAt = now.addingTimeInterval(backoff(afterFailures: consecutiveFailures))
        recheckAt = nil
    }

    /// Seconds to wait after `failures` failures in a row: initial × 2^(failures-1), capped.
    public func backoff(afterFailures failures: Int) -> TimeInterval {
        let exponent = Double(min(max(failures - 1, 0), 30))
        return min(settings.effectiveBackoffInitial.timeInterval * pow(2, exponent), settings.backoffMax.timeInterval)
    }
}

extension CycleReport {
    /// The end times of the plan's waits.
    var waitsUntil: [Date] {
        (plan?.actions ?? []).compactMap { action in
            guard case .wait(_, let until) = action.kind else { return nil }
            return until
        }
    }
}
