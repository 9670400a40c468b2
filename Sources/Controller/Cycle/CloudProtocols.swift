import Planner

// MARK: - What the cycle needs from the cloud layer

/// Observes AWS: everything the planner needs about the desired images, in the given regions.
public protocol Observing: Sendable {
    /// The actual state in `regions`. A region whose observation fails is listed in `failedRegions` rather than
    /// failing the whole observation; a thrown error means nothing could be observed at all.
    func observe(desired: DesiredState, regions: Set<String>) async throws -> ActualState
}

/// Carries out one planned action in AWS: idempotent, so running it again after a crash is safe.
public protocol Executing: Sendable {
    /// Performs `action` (never an informational one, never `recordBakeFailure`: the cycle handles those).
    func execute(_ action: Action) async throws
}
