#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Synchronization

// MARK: - One writer on one host

/// An exclusive `flock(2)` lock on a file in the state directory: one Kiln daemon per host.
///
/// The holder writes its process id into the file, so a second daemon fails at once with an error naming the
/// holder. The lock lives as long as the open file: `release()` (or the end of the process, a crash included —
/// the kernel drops `flock` locks with the last descriptor) frees it. As the daemon's `LeaseProvider` it is taken
/// once and then held for the life of the process. The file itself is never deleted, since
/// unlinking a lock file lets two processes lock two different files of the same name.
public final class LockFile: LeaseProvider {
    /// The lock file's path.
    public let path: String
    private let descriptor = Mutex<Int32?>(nil)

    /// A lock on `path` (created, with its directory, when first taken), not yet taken.
    public init(path: String) {
        self.path = path
    }

    deinit {
        descriptor.withLock { fd in
            if let open = fd { _ = close(open) }
            fd = nil
        }
    }

    /// Whether this process holds the lock.
    public var isHeld: Bool { descriptor.withLock { $0 != nil } }

    /// Takes the lock without waiting and records this process's id in the file: call it at start-up so a
    /// second daemon on the host exits at once.
    ///
    /// Throws `LockFileError` naming the holder's process id when another process holds it. Locking a file this
    /// object already holds does nothing.
    public func lock() throws {
        try descriptor.withLock { fd in
            if fd != nil { return }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw LockFileError.cannotOpen(path: path, errno: errno) }
            guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
                let failure = errno
                let holder = Self.readHolder(opened)
                _ = close(opened)
                if failure == EWOULDBLOCK { throw LockFileError.held(path: path, holder: holder) }
                throw LockFileError.cannotLock(path: path, errno: failure)
            }
            guard Self.writeHolder(getpid(), to: opened) else {
                let failure = errno
                _ = close(opened)
                throw LockFileError.cannotWrite(path: path, errno: failure)
            }
            fd = opened
        }
    }

    /// Clears the recorded process id and frees the lock. Releasing a lock not held does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            _ = ftruncate(open, 0)
            _ = close(open)
            fd = nil
        }
    }

    // MARK: - The holder's process id

    /// The process id written in an open lock file, if it holds one.
    private static func readHolder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Replaces the file's content with `pid` and a newline.
    private static func writeHolder(_ pid: Int32, to fd: Int32) -> Bool {
        guard ftruncate(fd, 0) == 0 else { return false }
        let bytes = Array("\(pid)\n".utf8)
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return written == bytes.count
    }
}

// MARK: - The daemon's view

extension LockFile {
    /// True once the lock is held (taking it if needed); false while another process holds it.
    public func acquire() async throws -> Bool {
        do {
            try lock()
            return true
        } catch let error as LockFileError where error.isHeldElsewhere {
            return false
        }
    }
}
