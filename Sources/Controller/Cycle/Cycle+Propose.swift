import Foundation

// MARK: - Step 7: propose source updates (daemon only)

extension Cycle {
    /// Proposes a version bump as a branch for each image whose source moved (see `UpdateProposer`), after the status
    /// was published so a failed push never holds it up; skipped without a proposer or without a plan's inputs.
    /// Failures are recorded in the report and retried next cycle; they do not fail the cycle.
    func proposeUpdates(_ state: inout CycleState) async -> StepResult {
        guard let updates = state.updates, let desired = state.desired, let actual = state.actual,
            let manifests = state.manifests, let snapshot = state.snapshot
        else { return .skipped }
        state.report.updates = await updates.run(
            desired: desired, actual: actual, manifests: manifests, snapshot: snapshot)
        // The update branches go into the status only when the cycle's status was published.
        switch state.report.publication {
        case .pushed?, .unchanged?:
            if let publication = await state.status?.publishUpdates(state.report.updates) {
                state.report.publication = publication
            }
        default:
            break
        }
        return .proceed
    }
}
