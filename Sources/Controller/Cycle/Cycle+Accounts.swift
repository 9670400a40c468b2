import Cloud
import Foundation
import Logging
import Planner
import ServiceLifecycle

// MARK: - Step 5: other accounts

extension Cycle {
    /// For each account the valid manifests copy into (and no other): observe it through its role, plan the first
    /// copy from the build region (`AccountCopies`) and the account's own plan of its projection (copies to its
    /// other regions, rollout to its launch templates, prune with the same evidence and in-use rules), then, in
    /// apply mode, carry them out there.
    ///
    /// Fails closed per account: an account that cannot be reached, or whose caller identity is not that account,
    /// is an issue, and nothing is done there; the other accounts and the home account are not affected.
    func reconcileAccounts(_ state: inout CycleState) async -> StepResult {
        guard let desired = state.desired, let home = state.actual else { return .skipped }
        let accounts = desired.copyAccounts
        guard !accounts.isEmpty else { return .skipped }
        for account in accounts {
            if Task.isCancelled { break }
            await reconcile(account: account, desired: desired, home: home, &state)
        }
        return .proceed
    }

    private func reconcile(account: String, desired: DesiredState, home: ActualState, _ state: inout CycleState) async {
        let known = Self.accountFailures(account, desired: desired, statusFiles: state.snapshot?.statusFiles ?? [])
        var accountReport = AccountReport(account: account)
        accountReport.failures = known
        state.report.accounts.append(accountReport)
        let index = state.report.accounts.count - 1
        let world: AccountWorld
        switch self.accounts.worlds[account] {
        case .success(let found)?: world = found
        case .failure(let error)?:
            state.report.issues.append(.observeFailed("\(error): nothing is done in that account"))
            return
        case nil:
            state.report.issues.append(
                .observeFailed("account \(account): not in the configuration's accounts: nothing is done there"))
            return
        }
        do {
            _ = try world.role?.readExternalID()
        } catch {
            state.report.issues.append(.observeFailed("\(error): nothing is done in that account"))
            return
        }
        let projection = desired.projected(into: account, manifests: state.manifests)
        guard let target = await observe(account: account, projection: projection, world: world, &state) else {
            return
        }
        state.report.accounts[index].observed = true
        state.report.accounts[index].copies = Self.copies(in: target, desired: desired, account: account)
        let present = Set(
            projection.images.filter { image in
                target.images.contains {
                    $0.region == image.build.region && $0.tags[KilnTag.image] == image.name
                        && $0.tags[KilnTag.version] == image.version.description
                        && $0.tags[KilnTag.recipe] == image.recipe && $0.tags[KilnTag.owner] == desired.owner
                }
            }.map(\.name))
        // The shrink guard counts the home account's images; when it (or an incomplete load) blocks deletion at
        // home, nothing is deleted in any account either.
        var planner = configuration.planner
        planner.previousImageCount = nil
        var planned = desired.projected(into: account, manifests: state.manifests, present: present)
        if Self.homeBlocksDeletion(state.report.plan) { planned.loadedCompletely = false }
        let accountPlan = Planner.plan(desired: planned, actual: target, now: clock.now(), configuration: planner)
        state.report.accounts[index].fleet = FleetCensus.count(accountPlan, target)
        let unheld =
            AccountCopies.plan(account: account, desired: desired, home: home, target: target)
            + accountPlan.actions.map { action in
                var labelled = action
                labelled.reason = "account \(account): \(action.reason)"
                return labelled
            }
        let actions = gate(unheld, account: account, failures: known, desired: desired, &state)
        if var plan = state.report.plan {
            plan.actions += actions
            plan.isConverged =
                plan.isConverged && actions.allSatisfy { if case .reportDrift = $0.kind { true } else { false } }
            state.report.plan = plan
        }
        guard state.report.mode == .apply else { return }
        let outcomes = await carryOut(actions, in: account, world: world, &state)
        state.report.accounts[index].failures = failures(after: outcomes, known: known, desired: desired)
    }

    /// Whether the home plan deletes nothing this cycle (the manifest set did not load completely, or shrank
    /// unexpectedly): the planner says so in a notice ending `nothing is deleted this cycle`.
    static func homeBlocksDeletion(_ plan: Plan?) -> Bool {
        guard let plan else { return true }
        return plan.notices.contains { $0.hasSuffix("nothing is deleted this cycle") }
    }

    /// The account's actual state, or nil (with issues) when it is not known well enough to act on.
    private func observe(
        account: String, projection: DesiredState, world: AccountWorld, _ state: inout CycleState
    ) async -> ActualState? {
        let regions = projection.regions
        let observed: ObservedWorld
        do {
            observed = try await world.observer.observe(desired: projection, regions: regions)
        } catch {
            state.report.issues.append(.observeFailed("account \(account): \(Self.describe(error))"))
            return nil
        }
        for failure in observed.failures {
            var labelled = failure
            labelled.message = "account \(account): \(failure.message)"
            state.report.issues.append(.observeFailed(labelled))
        }
        guard observed.actual.accountId == account else {
            if observed.failures.isEmpty || observed.actual.accountId != nil {
                state.report.issues.append(
                    .observeFailed(
                        "account \(account): the role acts in account \(observed.actual.accountId ?? "unknown"): "
                            + "nothing is done there"))
            }
            return nil
        }
        return observed.actual
    }

    private func carryOut(_ actions: [Action], in account: String, world: AccountWorld, _ state: inout CycleState)
        async -> [ActionOutcome]
    {
        var outcomes: [ActionOutcome] = []
        var failedImages: Set<String> = []
        for action in actions {
            let outcome: ActionOutcome
            if action.kind.isInformational {
                outcome = ActionOutcome(action, .informational)
            } else if case .recordBakeFailure = action.kind {
                outcome = ActionOutcome(action, .informational)
            } else if failedImages.contains(action.image ?? "") {
                outcome = ActionOutcome(action, .skipped("an earlier action in account \(account) failed"))
            } else if Task.isCancelled || Task.isShuttingDownGracefully {
                outcome = ActionOutcome(action, .skipped("the cycle was cancelled"))
            } else {
                outcome = await execute(action, by: world.executor, &state)
            }
            if outcome.failed { failedImages.insert(action.image ?? "") }
            log(outcome)
            state.report.outcomes.append(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }
}
