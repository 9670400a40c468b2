import Foundation
import Logging

// MARK: - The daemon's seam to the engine

/// What the daemon asks of one cycle: the manifests to read, the lease to act under, where to publish status.
public struct CycleRequest: Sendable {
    /// The manifests (and status files) of the commit to reconcile.
    public var source: any ManifestSource
    /// The lease the apply step acts under.
    public var fence: LeaseFence
    /// Where the publish step writes the status files (nil: nowhere).
    public var status: StatusWriteBack?
    /// Proposes version bumps for moved sources as branches, after publishing (nil: none).
    public var updates: UpdateProposer?

    /// Creates a request.
    public init(
        source: any ManifestSource, fence: LeaseFence = .none, status: StatusWriteBack? = nil,
        updates: UpdateProposer? = nil
    ) {
        self.source = source
        self.fence = fence
        self.status = status
        self.updates = updates
    }
}

/// Runs one whole reconcile cycle, publishing included: the daemon's seam to the engine (tests inject their own).
public protocol Reconciling: Sendable {
    /// Applies one cycle to the manifests `request.source` reads, under `request.fence`, publishes its status to
    /// `request.status` and returns its report.
    func reconcile(_ request: CycleRequest) async -> CycleReport
}

/// The engine's `Cycle` over an observer and an executor.
///
/// The apply step stops starting AWS calls once a graceful shutdown began or the lease is lost: the call in flight
/// finishes, the rest of the plan is skipped, and the next start resumes from what it observes.
public struct CycleReconciler: Reconciling {
    let observer: any Observing
    let executor: any Executing
    let configuration: Cycle.Configuration
    let clock: any CycleClock
    let logger: Logger
    /// Other accounts the manifests copy into; none by default.
    public var accounts = AccountAccess()

    /// Creates a reconciler.
    public init(
        observer: any Observing, executor: any Executing, configuration: Cycle.Configuration,
        clock: any CycleClock = SystemCycleClock(), logger: Logger
    ) {
        self.observer = observer
        self.executor = executor
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    public func reconcile(_ request: CycleRequest) async -> CycleReport {
        var cycle = Cycle(
            source: request.source, observer: observer, executor: executor, configuration: configuration,
            clock: clock, logger: logger)
        cycle.accounts = accounts
        return await cycle.run(.apply, fence: request.fence, status: request.status, updates: request.updates)
    }
}
