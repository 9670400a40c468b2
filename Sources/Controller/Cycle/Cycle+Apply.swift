import Foundation
import Logging
import Planner

// MARK: - Step 4: apply the plan

extension Cycle {
    /// Carries out the plan's actions in order.
    ///
    /// After an action of an image fails, the image's remaining actions are skipped (so nothing destructive runs
    /// after a failure in the same image); other images go on. Waits and drift reports need no call; failed bake
    /// attempts are recorded in the report. Cancellation lets the current call finish, then skips the rest.
    func apply(_ state: inout CycleState) async -> StepResult {
        guard state.report.mode == .apply else { return .skipped }
        guard let plan = state.report.plan else { return .stop }
        var failedImages: [String: String] = [:]
        for action in plan.actions {
            let group = action.image ?? ""
            if let failed = failedImages[group] {
                state.report.outcomes.append(
                    ActionReport(action: action, result: .skipped(because: "an earlier action failed: \(failed)")))
                continue
            }
            if Task.isCancelled {
                state.report.outcomes.append(
                    ActionReport(action: action, result: .skipped(because: "the cycle was cancelled")))
                continue
            }
            let outcome = await carryOut(action, &state)
            if outcome.failed { failedImages[group] = action.summary }
            state.report.outcomes.append(outcome)
        }
        return .proceed
    }

    private func carryOut(_ action: Action, _ state: inout CycleState) async -> ActionReport {
        switch action.kind {
        case .wait, .reportDrift:
            return ActionReport(action: action, result: .informational)
        case .recordBakeFailure(let failure):
            let location = state.manifests?.location(ofStep: failure.step, in: failure.image)
            state.report.recordedFailures.append(RecordedFailure(failure: failure, location: location))
            logger.warning(
                "bake attempt failed",
                metadata: metadata(action).merging(
                    [
                        "attempt": "\(failure.attempt)", "step": "\(failure.step ?? "-")",
                        "exitCode": "\(failure.exitCode.map(String.init) ?? "-")", "error": "\(failure.error)",
                    ], uniquingKeysWith: { $1 }))
            return ActionReport(action: action, result: .recorded)
        default:
            break
        }
        do {
            let execution = try await executor.execute(action)
            var details = metadata(action)
            if let detail = execution.detail { details["detail"] = "\(detail)" }
            switch execution.status {
            case .done:
                logger.info("action done", metadata: details)
                return ActionReport(action: action, result: .done(detail: execution.detail))
            case .alreadyDone:
                logger.debug("action already done", metadata: details)
                return ActionReport(action: action, result: .alreadyDone(detail: execution.detail))
            case .refused(let reason):
                details["reason"] = "\(reason)"
                logger.warning("action refused", metadata: details)
                return ActionReport(action: action, result: .refused(because: reason))
            }
        } catch is CancellationError {
            return ActionReport(action: action, result: .skipped(because: "the cycle was cancelled"))
        } catch {
            let kind = ActionErrorKind(error)
            let issue = CycleIssue.actionFailed(
                image: action.image, region: action.region, summary: action.summary, kind: kind,
                detail: Self.describe(error))
            state.report.issues.append(issue)
            logger.error(
                "action failed",
                metadata: metadata(action).merging(
                    ["reason": "\(issue.reason)", "error": "\(Self.describe(error))"], uniquingKeysWith: { $1 }))
            return ActionReport(action: action, result: .failed(reason: issue.reason, message: issue.message))
        }
    }

    /// `action`, `image`, `version`, `region` of an action, for logs.
    func metadata(_ action: Action) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["action": "\(action.kind.name)", "region": "\(action.region)"]
        if let image = action.image { metadata["image"] = "\(image)" }
        if let version = action.version { metadata["version"] = "\(version)" }
        return metadata
    }
}
