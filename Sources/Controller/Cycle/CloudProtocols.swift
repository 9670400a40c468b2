import Cloud
import Planner

// MARK: - What the cycle needs from the cloud layer

/// Observes AWS: everything the planner needs about the desired images, in the given regions.
public protocol Observing: Sendable {
    /// The actual state in `regions`. A region whose observation fails is listed in the actual state's
    /// `failedRegions` (and in `failures`) rather than failing the whole observation; a thrown error means
    /// nothing could be observed at all.
    func observe(desired: DesiredState, regions: Set<String>) async throws -> ObservedWorld
}

/// What an observation saw, and what it could not see.
public struct ObservedWorld: Sendable {
    /// The actual state.
    public var actual: ActualState
    /// What could not be observed.
    public var failures: [ObservationFailure]

    /// Creates an observation.
    public init(actual: ActualState, failures: [ObservationFailure] = []) {
        self.actual = actual
        self.failures = failures
    }
}

/// A part of AWS that could not be observed.
public struct ObservationFailure: Sendable, Equatable {
    public var region: String
    /// What failed, without secrets.
    public var message: String
    /// The whole region is unknown (else only a part, such as one source lookup).
    public var wholeRegion: Bool
}

/// Carries out one planned action in AWS: idempotent, so running it again after a crash is safe.
public protocol Executing: Sendable {
    /// Performs `action` (never an informational one, never `recordBakeFailure`: the cycle handles those):
    /// `done`, `alreadyDone` or `refused`, with the ids of what was made; throws when a call failed.
    func execute(_ action: Action) async throws -> ActionOutcome
}
