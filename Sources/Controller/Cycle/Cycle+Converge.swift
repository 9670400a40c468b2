import Foundation
import Logging

// MARK: - Cycles until converged

/// How a run of repeated cycles ended.
public struct ConvergenceResult: Sendable {
    /// Why the cycles stopped.
    public enum Ending: String, Sendable, Encodable {
        /// A cycle's plan had nothing left to do.
        case converged
        /// Everything left to do waits for a person (see `CycleReport.isStuck`), or a cycle could not plan and
        /// its problem is not transient.
        case stuck
        /// The time limit passed first.
        case timedOut
        /// The task was cancelled.
        case cancelled
    }

    /// Why the cycles stopped.
    public var ending: Ending
    /// The report of the last cycle.
    public var last: CycleReport
    /// How many cycles ran.
    public var cycles: Int
    /// Seconds from the first cycle's start to the end, by the cycle's clock.
    public var elapsed: TimeInterval
}

extension Cycle {
    /// Applies cycles until one finds nothing to do, everything left is stuck, or `timeout` passes; sleeps
    /// `interval` between cycles. `onCycle` sees each report with the cycle's number and the elapsed seconds.
    public func applyUntilConverged(
        timeout: Duration?, interval: Duration,
        onCycle: (_ report: CycleReport, _ number: Int, _ elapsed: TimeInterval) async -> Void = { _, _, _ in }
    ) async -> ConvergenceResult {
        let start = clock.now()
        var number = 0
        while true {
            number += 1
            let report = await run(.apply)
            let elapsed = clock.now().timeIntervalSince(start)
            await onCycle(report, number, elapsed)
            func result(_ ending: ConvergenceResult.Ending) -> ConvergenceResult {
                ConvergenceResult(ending: ending, last: report, cycles: number, elapsed: elapsed)
            }
            if report.isConverged { return result(.converged) }
            if report.isStuck { return result(.stuck) }
            if !report.planned, report.issues.contains(where: { $0.category == .stalled }) { return result(.stuck) }
            if Task.isCancelled { return result(.cancelled) }
            if let timeout, elapsed >= timeout.timeInterval { return result(.timedOut) }
            do {
                try await clock.sleep(for: interval)
            } catch {
                return result(.cancelled)
            }
        }
    }
}
