import Foundation

// MARK: - The answer of a lease write

/// What an acquire or renew found: the lease is this holder's, or someone else's.
public enum LeaseStatus: Sendable, Hashable {
    /// This holder has the lease and may act until `trustedUntil` (by its own clock).
    case held(trustedUntil: Date, version: Int)
    /// Another holder has the lease until `expires` (by that holder's clock), or — both nil — the item vanished
    /// between the read and the write.
    case heldElsewhere(holder: String?, expires: Date?)

    /// Whether this holder has the lease.
    public var isHeld: Bool {
        if case .held = self { return true }
        return false
    }
}

/// The lease item as stored.
struct LeaseRecord: Sendable, Hashable {
    var holder: String
    /// Epoch seconds.
    var expires: Int
    var version: Int
}
