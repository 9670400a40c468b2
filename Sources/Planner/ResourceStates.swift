// MARK: - Observed resource states
//
// AWS state names as observed, kept as open string sets: an unknown state decodes and compares as
// itself, and the planner treats it conservatively.

/// An AMI state (`pending`, `available`, `failed`, …).
public struct ImageState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let pending = ImageState(rawValue: "pending")
    public static let available = ImageState(rawValue: "available")
    public static let failed = ImageState(rawValue: "failed")
    public static let error = ImageState(rawValue: "error")
    public static let invalid = ImageState(rawValue: "invalid")
    public static let deregistered = ImageState(rawValue: "deregistered")
    public static let disabled = ImageState(rawValue: "disabled")

    /// The image will never become available.
    public var isFailed: Bool { self == .failed || self == .error || self == .invalid }
}

/// An EC2 instance state (`pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`).
public struct InstanceState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let pending = InstanceState(rawValue: "pending")
    public static let running = InstanceState(rawValue: "running")
    public static let stopping = InstanceState(rawValue: "stopping")
    public static let stopped = InstanceState(rawValue: "stopped")
    public static let shuttingDown = InstanceState(rawValue: "shutting-down")
    public static let terminated = InstanceState(rawValue: "terminated")

    /// The instance is going or gone: it can no longer do work.
    public var isEnding: Bool { self == .shuttingDown || self == .terminated }
}

/// An EBS snapshot state (`pending`, `completed`, `error`, …).
public struct SnapshotState: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let pending = SnapshotState(rawValue: "pending")
    public static let completed = SnapshotState(rawValue: "completed")
    public static let error = SnapshotState(rawValue: "error")
}

/// An SSM command invocation status.
public struct CommandStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let pending = CommandStatus(rawValue: "Pending")
    public static let inProgress = CommandStatus(rawValue: "InProgress")
    public static let delayed = CommandStatus(rawValue: "Delayed")
    public static let success = CommandStatus(rawValue: "Success")
    public static let failed = CommandStatus(rawValue: "Failed")
    public static let timedOut = CommandStatus(rawValue: "TimedOut")
    public static let cancelled = CommandStatus(rawValue: "Cancelled")
    public static let cancelling = CommandStatus(rawValue: "Cancelling")

    /// The command is still queued or running.
    public var isRunning: Bool { self == .pending || self == .inProgress || self == .delayed }
}

/// An Auto Scaling instance refresh status.
public struct RefreshStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let pending = RefreshStatus(rawValue: "Pending")
    public static let inProgress = RefreshStatus(rawValue: "InProgress")
    public static let successful = RefreshStatus(rawValue: "Successful")
    public static let failed = RefreshStatus(rawValue: "Failed")
    public static let cancelled = RefreshStatus(rawValue: "Cancelled")

    /// The refresh has not reached a final state (anything but Successful, Failed, Cancelled,
    /// RollbackSuccessful, RollbackFailed).
    public var isInProgress: Bool {
        !["Successful", "Failed", "Cancelled", "RollbackSuccessful", "RollbackFailed"].contains(rawValue)
    }
}
