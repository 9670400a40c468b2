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
    /// From builder launch until its SSM agent is online.
    public var agentOnline: TimeInterval
    /// From the stop request until the builder is stopped.
    public var stop: TimeInterval
    /// From image creation until it is available.
    public var imageAvailable: TimeInterval
    /// From a copy's creation until it is available.
    public var copy: TimeInterval
    /// Added to a step's timeout before Kiln gives up on an invocation SSM still reports running.
    public var stepGrace: TimeInterval

    /// Creates timeouts with Kiln's defaults (10m, 15m, 60m, 60m, 2m).
    public init(
        agentOnline: TimeInterval = 600, stop: TimeInterval = 900, imageAvailable: TimeInterval = 3600,
        copy: TimeInterval = 3600, stepGrace: TimeInterval = 120
    ) {
        self.agentOnline = agentOnline
        self.stop = stop
        self.imageAvailable = imageAvailable
        self.copy = copy
        self.stepGrace = stepGrace
    }
}
