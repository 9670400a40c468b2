import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
}

/// No lease: for tests and for a controller that is known to be alone.
public struct NoLease: LeaseProvider {
    /// Creates the provider.
    public init() {}

    public func acquire() async throws -> Bool { true }

    public func release() async {}
}

/// An exclusive `flock(2)` on a file, held from the first `acquire()` until `release()` (or the process ends: the
/// kernel drops the lock, so a crash never leaves a stale lock behind).
public final class LockFileLease: LeaseProvider {
    /// The lock file.
    public let path: String
    private let descriptor = LockedDescriptor()

    /// A lease on `path` (created if missing, with its directory).
    public init(path: String) {
        self.path = path
    }

    public func acquire() async throws -> Bool {
        try descriptor.lock(path)
    }

    public func release() async {
        descriptor.unlock()
    }
}

/// The file descriptor that holds the lock.
private final class LockedDescriptor: Sendable {
    private let state = Synchronization.Mutex<Int32?>(nil)

    func lock(_ path: String) throws -> Bool {
        try state.withLock { descriptor in
            if descriptor != nil { return true }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw LeaseError.cannotOpen(path, errno: errno) }
            guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
                close(opened)
                return false
            }
            descriptor = opened
            return true
        }
    }

    func unlock() {
        state.withLock { descriptor in
            guard let opened = descriptor else { return }
            flock(opened, LOCK_UN)
            close(opened)
            descriptor = nil
        }
    }

    deinit { unlock() }
}

/// A lease could not be taken for a reason other than another holder.
public struct LeaseError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case cannotOpen = "lease_cannot_open"
        case unsupported = "lease_unsupported"
    }

    private let code: Code
    public let description: String

    static func cannotOpen(_ path: String, errno: Int32) -> LeaseError {
        LeaseError(code: .cannotOpen, description: "cannot open the lock file \(path): errno \(errno)")
    }

    /// A configured lease kind this build cannot provide.
    public static func unsupported(_ what: String) -> LeaseError {
        LeaseError(code: .unsupported, description: what)
    }

    /// A short, stable name.
    public var reason: String { code.rawValue }
}
