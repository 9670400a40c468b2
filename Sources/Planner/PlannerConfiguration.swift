import Foundation

// MARK: - Configuration

/// Controller-wide settings of the planner.
public struct PlannerConfiguration: Sendable, Equatable, Codable {
    /// At most this many bakes have a live builder at once; extra bakes wait in dependency order.
    public var maxConcurrentBakes: Int
    /// The number of image manifests in the previous cycle, if known.
    public var previousImageCount: Int?
    /// Prune and sweep are refused when the manifest set shrank by more than this fraction of
    /// `previousImageCount` (0.3: losing more than 30 % of the images looks like a reading accident).
    public var maxShrinkFraction: Double
    /// Orphan snapshots younger than this (seconds) are left alone.
    public var snapshotGracePeriod: TimeInterval
    /// Phase timeouts of a bake.
    public var timeouts: PhaseTimeouts
    /// The first backoff after a failure (seconds); doubled per failed attempt.
    public var backoffBase: TimeInterval
    /// The longest backoff (seconds).
    public var backoffLimit: TimeInterval
    /// The prices of the plan's cost estimate.
    public var prices: PriceTable = .shipped

    /// Creates a configuration with Kiln's defaults.
    public init(
        maxConcurrentBakes: Int = 2, previousImageCount: Int? = nil, maxShrinkFraction: Double = 0.3,
        snapshotGracePeriod: TimeInterval = 3600, timeouts: PhaseTimeouts = PhaseTimeouts(),
        backoffBase: TimeInterval = 60, backoffLimit: TimeInterval = 3600
    ) {
        self.maxConcurrentBakes = maxConcurrentBakes
        self.previousImageCount = previousImageCount
        self.maxShrinkFraction = maxShrinkFraction
        self.snapshotGracePeriod = snapshotGracePeriod
        self.timeouts = timeouts
        self.backoffBase = backoffBase
        self.backoffLimit = backoffLimit
    }

    /// The wait before the next attempt after `failures` failed attempts: 2^failures × base, capped.
    public func backoff(afterFailures failures: Int) -> TimeInterval {
        let exponent = Double(min(max(failures, 0), 30))
        return min(backoffBase * pow(2, exponent), backoffLimit)
    }
}

/// Per-phase timeouts of a bake, in seconds (each step has its own timeout in the manifest).
public struct PhaseTimeouts: Sendable, Equatable, Codable {
    /// From builder launch until its SSM agent is online (default 10 minutes).
    public var agentOnline: TimeInterval = 600
    /// From the stop request until the builder is stopped (default 15 minutes).
    public var stop: TimeInterval = 900
    /// From image creation until it is available (default 60 minutes).
    public var imageAvailable: TimeInterval = 3600
    /// From a copy's creation until it is available (default 60 minutes).
    public var copy: TimeInterval = 3600
    /// Added to a step's timeout before Kiln gives up on an invocation SSM still reports running (default 2 minutes).
    public var stepGrace: TimeInterval = 120

    /// Creates timeouts with Kiln's defaults.
    public init() {}
}
