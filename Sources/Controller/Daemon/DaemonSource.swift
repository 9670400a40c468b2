import Foundation
import Git
import Logging
import Manifest
import Planner
import ServiceLifecycle

// MARK: - What one daemon cycle reads

/// The manifests at the reconciled commit and the status files at the status branch's tip, read from the
/// daemon's mirror without fetching (the daemon fetched just before).
public struct DaemonSource: ManifestSource {
    /// The mirror's git directory.
    public var repositoryPath: String
    /// The commit whose manifests are reconciled.
    public var manifestCommit: String
    /// The tip holding the newest status files (nil: none yet).
    public var statusCommit: String?
    public var manifestsPath: String
    public var statusPath: String
    /// Manifests loaded by earlier cycles: an unchanged manifest directory costs a lookup.
    public var manifestCache: ManifestCache

    /// Creates a source; the daemon passes the same `manifestCache` to every cycle.
    public init(
        repositoryPath: String, manifestCommit: String, statusCommit: String?, manifestsPath: String,
        statusPath: String, manifestCache: ManifestCache = ManifestCache()
    ) {
        self.repositoryPath = repositoryPath
        self.manifestCommit = manifestCommit
        self.statusCommit = statusCommit
        self.manifestsPath = manifestsPath
        self.statusPath = statusPath
        self.manifestCache = manifestCache
    }

    public func snapshot() async throws(SourceError) -> SourceSnapshot {
        let source = GitManifestSource(
            location: repositoryPath, ref: manifestCommit, path: manifestsPath, statusPath: statusPath,
            manifestCache: manifestCache)
        return try await source.snapshot(statusRevision: statusCommit == manifestCommit ? nil : statusCommit)
    }
}

// MARK: - Running a cycle

/// Runs one reconcile cycle over a source: the daemon's seam to the engine (tests inject their own).
public protocol Reconciling: Sendable {
    /// Applies one cycle to the manifests `source` reads and returns its report.
    func reconcile(_ source: any ManifestSource) async -> CycleReport
}

/// The engine's `Cycle` over an observer and an executor.
///
/// The executor stops starting AWS calls once a graceful shutdown began: the call in flight finishes, the rest of
/// the plan is skipped, and the next start resumes from what it observes.
public struct CycleReconciler: Reconciling {
    let observer: any Observing
    let executor: any Executing
    let configuration: Cycle.Configuration
    let clock: any CycleClock
    let logger: Logger

    /// Creates a reconciler.
    public init(
        observer: any Observing, executor: any Executing, configuration: Cycle.Configuration,
        clock: any CycleClock = SystemCycleClock(), logger: Logger
    ) {
        self.observer = observer
        self.executor = FencedExecutor(ShutdownAwareExecutor(executor))
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    public func reconcile(_ source: any ManifestSource) async -> CycleReport {
        let cycle = Cycle(
            source: source, observer: observer, executor: executor, configuration: configuration, clock: clock,
            logger: logger)
        return await cycle.run(.apply)
    }
}

/// Refuses to start a call once a graceful shutdown began (the cycle reports the rest as skipped).
struct ShutdownAwareExecutor: Executing {
    let wrapped: any Executing

    init(_ wrapped: any Executing) {
        self.wrapped = wrapped
    }

    func execute(_ action: Action) async throws -> Execution {
        if Task.isShuttingDownGracefully { throw CancellationError() }
        return try await wrapped.execute(action)
    }
}
