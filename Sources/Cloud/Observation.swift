import Planner

// MARK: - Result of one observation

/// What one observation found: the actual state for the planner, and why some parts are missing.
public struct Observation: Sendable {
    /// The actual state across every region asked for; failed regions are in `actual.failedRegions`.
    public var actual: ActualState
    /// Why each failed region failed (the first error of the region, after the client's retries).
    public var regionFailures: [String: CloudError]
    /// Source lookups that failed: the planner reports their images as waiting for a source.
    public var lookupFailures: [SourceLookupFailure]

    /// Creates an observation.
    public init(
        actual: ActualState, regionFailures: [String: CloudError] = [:], lookupFailures: [SourceLookupFailure] = []
    ) {
        self.actual = actual
        self.regionFailures = regionFailures
        self.lookupFailures = lookupFailures
    }
}

/// A source lookup that failed (the region itself was observed).
public struct SourceLookupFailure: Sendable {
    public var region: String
    public var query: SourceQuery
    public var error: CloudError
}
