import Foundation

// MARK: - Acting only while the lease is held

/// The lease a cycle acts under, passed to its apply step: every AWS action checks it first, so a controller that
/// lost its lease mid-cycle (renewals failed past the trust window, or another host took over) stops before its
/// next call instead of at its next pass.
public struct LeaseFence: Sendable {
    private let lease: (any LeaseProvider)?

    /// A fence on `lease`: actions start only while it is held.
    public init(_ lease: any LeaseProvider) {
        self.lease = lease
    }

    private init() {
        self.lease = nil
    }

    /// No fence: outside the daemon (`kiln apply`), where nothing else can act.
    public static let none = LeaseFence()

    /// Whether an action may start now.
    public var isHeld: Bool { lease?.isHeld ?? true }

    /// Throws `LeaseLostError` when the lease is no longer held.
    public func check() throws(LeaseLostError) {
        if !isHeld { throw LeaseLostError() }
    }
}

/// The lease was lost during a cycle: the action was not started.
public struct LeaseLostError: Error, Sendable, CustomStringConvertible {
    public var description: String {
        "the lease is no longer held (renewal failed or another controller took over): action not started"
    }
}
