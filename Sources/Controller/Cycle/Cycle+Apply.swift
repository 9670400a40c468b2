import Cloud
import Foundation
import Logging
import Planner
import ServiceLifecycle

// MARK: - Step 4: apply the plan

extension Cycle {
    /// Carries out the plan's actions in order, each under the cycle's lease fence; logs each outcome once.
    ///
    /// After an action of an image fails, the image's remaining actions are skipped (so nothing destructive runs
    /// after a failure in the same image); other images go on. Waits and drift reports need no call; failed bake
    /// attempts are recorded in the report. Cancellation (or a graceful shutdown) lets the current call finish,
    /// then skips the rest; a lost lease fails every action not yet started.
    func apply(_ state: inout CycleState) async -> StepResult {
        guard state.report.mode == .apply else { return .skipped }
        guard let plan = state.report.plan else { return .stop }
        var failedImages: [String: String] = [:]
        for action in plan.actions {
            let group = action.image ?? ""
            let outcome: ActionOutcome
            if let failed = failedImages[group] {
                outcome = ActionOutcome(action, .skipped("an earlier action failed: \(failed)"))
            } else if Task.isCancelled {
                outcome = ActionOutcome(action, .skipped("the cycle was cancelled"))
            } else {
                outcome = await carryOut(action, &state)
            }
            if outcome.failed { failedImages[group] = action.summary }
            log(outcome)
            state.report.outcomes.append(outcome)
        }
        return .proceed
    }

    private func carryOut(_ action: Action, _ state: inout CycleState) async -> ActionOutcome {
        switch action.kind {
        case .wait, .reportDrift:
            return ActionOutcome(action, .informational)
        case .recordBakeFailure(let failure):
            let location = state.manifests?.location(ofStep: failure.step, in: failure.image)
            state.report.recordedFailures.append(RecordedFailure(failure: failure, location: location))
            return ActionOutcome(action, .recorded, detail: Self.summary(of: failure))
        default:
            return await execute(action, by: executor, &state)
        }
    }

    /// One AWS action by `executor` (this account's, or another's through its role): checks the lease fence and a
    /// graceful shutdown first, times the call, and turns an error into a failed outcome and a cycle issue.
    func execute(_ action: Action, by executor: any Executing, _ state: inout CycleState) async -> ActionOutcome {
        let start = clock.now()
        do {
            try state.fence.check()
            if Task.isShuttingDownGracefully { throw CancellationError() }
            var outcome = try await executor.execute(action)
            outcome.duration = clock.now().timeIntervalSince(start)
            return outcome
        } catch is CancellationError {
            return ActionOutcome(action, .skipped("the cycle was cancelled"))
        } catch {
            let kind = ActionErrorKind(error)
            let issue = CycleIssue.actionFailed(
                image: action.image, region: action.region, summary: action.summary, kind: kind,
                detail: Self.describe(error))
            state.report.issues.append(issue)
            return ActionOutcome(
                action, .failed(kind, message: issue.message), duration: clock.now().timeIntervalSince(start))
        }
    }

    /// `attempt 2 failed at step install (exit code 3): …`.
    static func summary(of failure: BakeFailure) -> String {
        let exit = failure.exitCode.map { " (exit code \($0))" } ?? ""
        return "attempt \(failure.attempt) failed at step \(failure.step ?? "-")\(exit): \(failure.error)"
    }

    // MARK: - The one log line of each action

    /// Logs what became of an action, with the same fields for every action: `action`, `image`, `version`,
    /// `region`, `outcome`, `duration` (seconds, `-` without a call), `error` (`-` without one) and, when something
    /// was made or found, `detail`. Changes log at info, refusals and recorded bake failures at warning, failures
    /// at error, the rest below info.
    func log(_ outcome: ActionOutcome) {
        let action = outcome.action
        let error: String? =
            switch outcome.status {
            case .refused(let reason), .skipped(let reason): reason
            case .failed(_, let message): message
            case .recorded: outcome.detail
            case .done, .alreadyDone, .informational: nil
            }
        var fields: Logger.Metadata = [
            "action": "\(action.kind.name)", "image": "\(action.image ?? "-")",
            "version": "\(action.version?.description ?? "-")", "region": "\(action.region)",
            "outcome": "\(outcome.status.name)",
            "duration": "\(outcome.duration.map { String(format: "%.3f", $0) } ?? "-")", "error": "\(error ?? "-")",
        ]
        if outcome.status != .recorded, let made = outcome.made { fields["detail"] = "\(made)" }
        switch outcome.status {
        case .done: logger.info("action done", metadata: fields)
        case .alreadyDone: logger.debug("action already done", metadata: fields)
        case .refused: logger.warning("action refused", metadata: fields)
        case .failed: logger.error("action failed", metadata: fields)
        case .recorded: logger.warning("bake attempt failed", metadata: fields)
        case .skipped: logger.debug("action skipped", metadata: fields)
        case .informational: logger.trace("action needs no call", metadata: fields)
        }
    }
}
