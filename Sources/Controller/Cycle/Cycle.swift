import Foundation
import Logging
import Manifest
import Planner

// MARK: - One reconcile cycle

/// One reconcile cycle as an ordered list of named steps: loadManifests → observe → plan → apply → accounts →
/// report → publish, then proposeUpdates when the daemon gives a proposer.
///
/// Level-triggered: every run re-reads the manifests from git and the world from AWS; nothing is carried over
/// from an earlier run but what is in tags and status files. A step that fails stops the steps after it; the
/// report is always assembled, in one place, and the status always published from it, in one place, at the end.
/// `Cycle` is a value: make one and run it as often as needed, from a CLI loop or a daemon's service.
public struct Cycle: Sendable {
    /// Settings of the cycle.
    public struct Configuration: Sendable {
        /// This controller's `kiln:owner`: resources of other owners are never touched.
        public var owner: String
        /// Regions observed besides those the manifests mention.
        public var extraRegions: Set<String>
        /// The planner's settings. `previousImageCount`, when nil, is the number of status files.
        public var planner: PlannerConfiguration
        /// What manifests may reach; a manifest outside them is invalid (default: the guardrails' defaults).
        public var guardrails: Guardrails

        /// Creates a configuration.
        public init(
            owner: String, extraRegions: Set<String> = [], planner: PlannerConfiguration = .init(),
            guardrails: Guardrails = Guardrails()
        ) {
            self.owner = owner
            self.extraRegions = extraRegions
            self.planner = planner
            self.guardrails = guardrails
        }
    }

    let source: any ManifestSource
    let observer: any Observing
    let executor: any Executing
    let configuration: Configuration
    let clock: any CycleClock
    let logger: Logger
    /// Other accounts the manifests copy into (`accounts:`); none by default.
    public var accounts = AccountAccess()

    /// Creates a cycle over a manifest source, an observer and an executor.
    public init(
        source: any ManifestSource, observer: any Observing, executor: any Executing, configuration: Configuration,
        clock: any CycleClock = SystemCycleClock(), logger: Logger = Logger(label: "kiln.cycle")
    ) {
        self.source = source
        self.observer = observer
        self.executor = executor
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Runs one cycle: load → observe → plan → apply → accounts → report → publish (→ proposeUpdates, with a
    /// proposer).
    ///
    /// In `.plan` mode the apply step is skipped, so nothing is changed. A step that fails stops the steps after it
    /// up to `report`; `report` and `publish` always run, so a cycle that could not plan still publishes its error.
    ///
    /// - Parameters:
    ///   - fence: the lease the apply step acts under: no action starts once it is lost (`.none`: nothing fences).
    ///   - status: where the publish step writes the status files (nil: nowhere, as in `kiln plan`/`kiln apply`).
    ///   - updates: proposes version bumps for moved sources as branches, after publishing (nil: no proposals, as
    ///     in `kiln plan`/`kiln apply`).
    public func run(
        _ mode: CycleMode, fence: LeaseFence = .none, status: StatusWriteBack? = nil, updates: UpdateProposer? = nil
    ) async -> CycleReport {
        var state = CycleState(
            report: CycleReport(owner: configuration.owner, mode: mode, startedAt: clock.now()), fence: fence,
            status: status, updates: updates)
        var stopped = false
        for name in Self.steps + (updates == nil ? [] : [.proposeUpdates]) {
            guard !stopped || Self.alwaysRun.contains(name) else {
                state.report.steps.append(StepRecord(name: name, status: .skipped, duration: 0))
                continue
            }
            let start = clock.now()
            let result = await perform(name, &state)
            let duration = clock.now().timeIntervalSince(start)
            state.report.steps.append(StepRecord(name: name, status: result.status, duration: duration))
            stopped = stopped || result == .stop
        }
        return state.report
    }

    /// The steps, in order.
    static let steps: [CycleStepName] = [.loadManifests, .observe, .plan, .apply, .accounts, .report, .publish]
    /// The steps that run even after a step failed.
    static let alwaysRun: Set<CycleStepName> = [.report, .publish, .proposeUpdates]

    private func perform(_ step: CycleStepName, _ state: inout CycleState) async -> StepResult {
        switch step {
        case .loadManifests: await loadManifests(&state)  // Cycle+Load.swift
        case .observe: await observe(&state)  // Cycle+Load.swift
        case .plan: plan(&state)  // Cycle+Load.swift
        case .apply: await apply(&state)  // Cycle+Apply.swift
        case .accounts: await reconcileAccounts(&state)  // Cycle+Accounts.swift
        case .report: report(&state)  // Cycle+Report.swift
        case .publish: await publish(&state)  // Cycle+Publish.swift
        case .proposeUpdates: await proposeUpdates(&state)  // Cycle+Propose.swift
        }
    }
}

// MARK: - State passed from step to step

/// What the steps of one cycle learn, in the order they learn it.
struct CycleState: Sendable {
    var report: CycleReport
    /// The lease the apply step acts under.
    var fence: LeaseFence
    /// Where the publish step writes status (nil: nowhere).
    var status: StatusWriteBack?
    /// Proposes source updates after publishing (nil: none).
    var updates: UpdateProposer?
    var snapshot: SourceSnapshot?
    var manifests: ManifestSet?
    var desired: DesiredState?
    var actual: ActualState?
    /// Image names of the invalid manifest files, per file, when they can be read.
    var invalidFileImages: [String: String] = [:]
}

/// How a step ended.
enum StepResult: Sendable, Equatable {
    /// Done; go on.
    case proceed
    /// Not needed in this mode; go on.
    case skipped
    /// Failed; the steps after it cannot run.
    case stop

    var status: StepRecord.Status {
        switch self {
        case .proceed: .succeeded
        case .skipped: .skipped
        case .stop: .failed
        }
    }
}
