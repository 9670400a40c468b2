import Foundation

// MARK: - Step 6: publish the status

extension Cycle {
    /// Writes the report into the status files and publishes them as one commit, in one place at the end of the
    /// cycle (see `StatusWriteBack`); skipped without a write-back (`kiln plan`, `kiln apply`) or when there is
    /// nothing to say. A failed publication fails the step: the daemon backs off.
    func publish(_ state: inout CycleState) async -> StepResult {
        guard let status = state.status, let publication = await status.publish(state.report) else { return .skipped }
        state.report.publication = publication
        if case .failed = publication { return .stop }
        return .proceed
    }
}
