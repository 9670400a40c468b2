// MARK: - One writer

/// Makes sure only one controller writes for a repository: a lock file on one host, a DynamoDB lease (conditional
/// writes) across hosts.
///
/// The daemon calls `acquire()` before every pass (so a lease with an expiry is renewed there) and skips the
/// pass while it returns false; `release()` once on shutdown.
public protocol LeaseProvider: Sendable {
    /// Takes or renews the lease; false while another controller holds it.
    func acquire() async throws -> Bool
    /// Gives the lease up.
    func release() async
    /// Whether this controller may act now, without a call: false once the lease is known lost or expired.
    var isHeld: Bool { get }
}

/// No lease: for tests and for a controller that is known to be alone.
public struct NoLease: LeaseProvider {
    /// Creates the provider.
    public init() {}

    public func acquire() async throws -> Bool { true }

    public func release() async {}

    public var isHeld: Bool { true }
}
