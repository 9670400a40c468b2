import Cloud
import Controller
import Foundation
import Planner
import Redaction

/// Plain progress lines on a terminal: per cycle its number, the elapsed time, what was done, and per image
/// its phase and what it waits for; redacted before they are printed.
struct ApplyProgress: Sendable {
    let enabled: Bool
    let owner: String

    func cycle(_ report: CycleReport, number: Int, elapsed: TimeInterval) {
        guard enabled else { return }
        let commit = report.commit.map { String($0.prefix(12)) } ?? "?"
        var lines = [
            "[\(Self.clock(elapsed))] cycle \(number) at \(commit): \(report.outcomes.count { $0.changed }) done, "
                + "\(report.outcomes.count { $0.failed }) failed, \(report.recordedFailures.count) bake failure(s)"
        ]
        for image in report.plan?.images ?? [] {
            let phase = image.phase.map { " [\($0.rawValue)]" } ?? ""
            let conditions = image.conditions.map { "\($0.type.rawValue): \($0.message)" }
            lines.append(
                "  \(image.name) \(image.desiredVersion?.description ?? "")\(phase) "
                    + (conditions.isEmpty ? "no conditions" : conditions.joined(separator: "; ")))
        }
        for outcome in report.outcomes where outcome.failed {
            lines.append("  failed: \(outcome.action.summary): \(Self.text(outcome.status))")
        }
        for failure in report.recordedFailures {
            let at = failure.location.map { " (\($0))" } ?? ""
            lines.append(
                "  bake failure: \(failure.failure.image) \(failure.failure.version) attempt "
                    + "\(failure.failure.attempt): \(failure.failure.error)\(at)")
            if let tail = failure.failure.outputTail, !tail.isEmpty {
                lines += Redaction.redact(tail).split(separator: "\n").suffix(10).map { "    | \($0)" }
            }
        }
        for issue in report.issues where issue.category != .waiting {
            lines.append("  \(issue.category.rawValue): \(issue.reason.rawValue): \(issue.message)")
        }
        print(Redaction.redact(lines.joined(separator: "\n")))
    }

    func finished(_ result: ConvergenceResult) {
        guard enabled else { return }
        let what: String =
            switch result.ending {
            case .converged: "converged"
            case .stuck: "stopped: what is left needs a person"
            case .timedOut: "timed out"
            case .cancelled: "cancelled"
            }
        print("[\(Self.clock(result.elapsed))] \(what) after \(result.cycles) cycle(s)")
    }

    private static func text(_ status: ActionOutcome.Status) -> String {
        switch status {
        case .failed(let kind, let message): "\(CycleIssue.Reason(kind).rawValue): \(message)"
        case .refused(let because): "refused: \(because)"
        default: ""
        }
    }

    /// `1h02m03s`, `4m05s`, `12s`.
    static func clock(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded()))
        let (hours, minutes, rest) = (total / 3600, total % 3600 / 60, total % 60)
        if hours > 0 { return String(format: "%dh%02dm%02ds", hours, minutes, rest) }
        if minutes > 0 { return String(format: "%dm%02ds", minutes, rest) }
        return "\(rest)s"
    }
}
