import Foundation
import Planner

// MARK: - Acting only while the lease is held

/// The lease the current cycle acts under: the daemon sets it around each cycle, and every AWS action checks it
/// first, so a controller that lost its lease mid-cycle (renewals failed past the trust window, or another host
/// took over) stops before its next call instead of at its next pass.
public enum LeaseFence {
    /// The lease of the cycle running in this task; nil outside the daemon (`kiln apply`), where nothing fences.
    @TaskLocal public static var current: (any LeaseProvider)?

    /// Throws `LeaseLostError` when the current cycle's lease is no longer held.
    static func check() throws(LeaseLostError) {
        if let lease = current, !lease.isHeld { throw LeaseLostError() }
    }
}

/// The lease was lost during a cycle: the action was not started.
public struct LeaseLostError: Error, Sendable, CustomStringConvertible {
    public var description: String {
        "the lease is no longer held (renewal failed or another controller took over): action not started"
    }
}

/// Refuses to start an action once the cycle's lease is lost (see `LeaseFence`).
struct FencedExecutor: Executing {
    let wrapped: any Executing

    init(_ wrapped: any Executing) {
        self.wrapped = wrapped
    }

    func execute(_ action: Action) async throws -> Execution {
        try LeaseFence.check()
        return try await wrapped.execute(action)
    }
}
