import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-running child process that is stopped by exactly the PID it was started with.
public final class ProcessHandle: Sendable {
    /// The PID of the started process.
    public let pid: Int32
    private let process: Mutex<Process?>

    /// Launches `executable` with its stdout and stderr appended to `log`.
    public init(executable: URL, arguments: [String], environment: [String: String], log: URL) throws {
        let process = try ProcessRunner.makeProcess(
            executable, arguments, environment: environment, stdout: log, stderr: log)
        do {
            try process.run()
        } catch {
            throw HarnessError.startFailed("\(executable.lastPathComponent): \(error)")
        }
        self.pid = process.processIdentifier
        self.process = Mutex(process)
    }

    /// Whether the process is still running (false once it has exited and been reaped).
    public var isRunning: Bool {
        process.withLock { $0?.isRunning ?? false }
    }

    /// Sends SIGTERM to the PID, escalates to SIGKILL after `grace`, and waits until it is reaped.
    ///
    /// Idempotent. Never signals a process the handle did not start.
    public func stop(grace: Duration = .seconds(5)) {
        guard
            let running = process.withLock({ value -> Process? in
                defer { value = nil }
                return value
            })
        else { return }
        guard running.isRunning else { return }
        running.terminate()
        let deadline = ContinuousClock.now.advanced(by: grace)
        while running.isRunning, ContinuousClock.now < deadline {
            usleep(20_000)
        }
        if running.isRunning {
            kill(running.processIdentifier, SIGKILL)
        }
        running.waitUntilExit()
    }

    deinit {
        stop()
    }
}
