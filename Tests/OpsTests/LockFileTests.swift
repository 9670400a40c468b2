import Controller
import Foundation
import KilnTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Host lock file")
struct LockFileTests {
    /// A fresh directory and the lock file's path in it.
    static func lockPath() throws -> (directory: URL, path: String) {
        let directory = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-lock")
        return (directory, directory.appendingPathComponent("kiln.lock").path)
    }

    @Test("the holder writes its pid; a second lock fails at once naming it; release frees the lock")
    func secondLockFails() throws {
        let (directory, path) = try Self.lockPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = LockFile(path: path)
        try first.lock()
        #expect(first.isHeld)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")

        let second = LockFile(path: path)
        let error = try #require(throws: LockFileError.self) { try second.lock() }
        #expect(error.isHeldElsewhere)
        #expect(error.holderPID == getpid())
        #expect(error.description.contains("pid \(getpid())"))
        #expect(error.description.contains(path))
        #expect(!second.isHeld)

        first.release()
        #expect(!first.isHeld)
        try second.lock()
        #expect(second.isHeld)
        second.release()
    }

    @Test("another process cannot take the lock while it is held, and can once it is released")
    func otherProcessRefused() async throws {
        let (directory, path) = try Self.lockPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lock = LockFile(path: path)
        try lock.lock()
        let refused = try await ProcessRunner.run("flock", ["--nonblock", path, "true"])
        #expect(refused.status == 1)
        lock.release()
        let granted = try await ProcessRunner.run("flock", ["--nonblock", path, "true"])
        #expect(granted.status == 0)
    }

    @Test("a lock held by another process names that process; the kernel frees it when the process dies")
    func heldByOtherProcess() async throws {
        let (directory, path) = try Self.lockPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX)
            f.truncate(0); f.write(str(os.getpid()) + "\\n"); f.flush()
            time.sleep(600)
            """
        let python = try #require(ProcessRunner.locate("python3"))
        let holder = try ProcessHandle(
            executable: python, arguments: ["-c", script, path], environment: [:],
            log: directory.appendingPathComponent("holder.log"))
        defer { holder.stop() }
        try await Self.waitUntil { (try? String(contentsOfFile: path, encoding: .utf8)) == "\(holder.pid)\n" }

        let lock = LockFile(path: path)
        let error = try #require(throws: LockFileError.self) { try lock.lock() }
        #expect(error.holderPID == holder.pid)
        #expect(error.description.contains("pid \(holder.pid)"))

        holder.stop()
        try lock.lock()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
        lock.release()
    }

    @Test("a lock file that cannot be created is a clear error, not a held lock")
    func cannotCreate() throws {
        let (directory, _) = try Self.lockPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let path = file.appendingPathComponent("kiln.lock").path
        let lock = LockFile(path: path)
        let error = try #require(throws: LockFileError.self) { try lock.lock() }
        #expect(!error.isHeldElsewhere)
        #expect(error.description.contains(path))
        #expect(!lock.isHeld)
    }

    @Test("as the daemon's lease: true once taken and for as long as held, false while another holds it")
    func leaseProvider() async throws {
        let (directory, path) = try Self.lockPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = LockFile(path: path)
        let second = LockFile(path: path)
        #expect(try await first.acquire())
        #expect(try await first.acquire())
        #expect(try await second.acquire() == false)
        await first.release()
        #expect(try await second.acquire())
        await second.release()
    }

    /// Polls a condition a child process will make true (bounded: ten seconds).
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the child process never got there")
    }
}
