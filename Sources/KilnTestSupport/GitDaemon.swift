import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `git daemon` on 127.0.0.1 serving every repository below a directory, with fetch and push enabled.
///
/// Listens on a free port, is ready when the initialiser returns, and is killed by the process id it started
/// (on `stop()` or when released).
///
/// ```swift
/// let daemon = try GitDaemon(basePath: fixture.directory)
/// let url = daemon.url(for: "origin.git")    // git://127.0.0.1:<port>/origin.git
/// ```
public final class GitDaemon: Sendable {
    /// An error starting the daemon.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The directory whose repositories are served.
    public let basePath: String
    /// The loopback port the daemon listens on.
    public let port: Int

    private let process: Mutex<Process?>

    /// Starts the daemon and waits (up to `timeout` seconds) until it accepts connections.
    ///
    /// - Parameter port: the port to listen on (e.g. the port of a daemon stopped earlier, to bring a remote back
    ///   at the same URL); a free port when nil.
    public init(basePath: String, port fixedPort: Int? = nil, timeout: Double = 10) throws {
        self.basePath = basePath
        var lastError = "no attempt"
        for _ in 0..<5 {
            let port = try fixedPort ?? Self.freePort()
            let process = try Self.launch(basePath: basePath, port: port)
            if Self.waitUntilAccepting(port: port, process: process, timeout: timeout) {
                self.port = port
                self.process = Mutex(process)
                return
            }
            lastError = "git daemon did not accept connections on port \(port)"
            Self.kill(process)
        }
        throw StartError(description: lastError)
    }

    deinit { stop() }

    /// The `git://` URL of a repository below `basePath`, e.g. `url(for: "origin.git")`.
    public func url(for repository: String) -> String {
        "git://127.0.0.1:\(port)/\(repository)"
    }

    /// Stops the daemon (SIGKILL to the process it started) and waits for it; safe to call twice.
    public func stop() {
        guard let process = process.withLock({ $0.take() }) else { return }
        Self.kill(process)
    }

    /// Kills a process this support code started, by its id, and reaps it.
    ///
    /// SIGKILL, because test runners start children with SIGTERM blocked, which they inherit.
    static func kill(_ process: Process) {
        if process.isRunning {
            #if canImport(Glibc)
                _ = Glibc.kill(process.processIdentifier, SIGKILL)
            #else
                _ = Darwin.kill(process.processIdentifier, SIGKILL)
            #endif
        }
        process.waitUntilExit()
    }

    // MARK: - Starting

    private static func launch(basePath: String, port: Int) throws -> Process {
        // The daemon binary itself, not the `git` wrapper: the process started is the one that listens and is
        // killed, and no grandchild keeps running after `stop()`.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try daemonExecutable())
        process.arguments = [
            "--reuseaddr", "--base-path=\(basePath)", "--export-all", "--enable=receive-pack",
            "--informative-errors", "--listen=127.0.0.1", "--port=\(port)", basePath,
        ]
        process.environment = GitCommand.baseEnvironment(home: basePath)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func daemonExecutable() throws -> String {
        let execPath = try GitCommand.run(["--exec-path"], in: FileManager.default.temporaryDirectory.path)
        return execPath + "/git-daemon"
    }

    private static func waitUntilAccepting(port: Int, process: Process, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, process.isRunning {
            if canConnect(port: port) { return true }
            usleep(20_000)
        }
        return false
    }

    // MARK: - Sockets

    /// A port on 127.0.0.1 that was free a moment ago (nothing listens on it until someone binds it).
    public static func freePort() throws -> Int {
        let socket = try openSocket()
        defer { close(socket) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "cannot bind a loopback port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func canConnect(port: Int) -> Bool {
        guard let socket = try? openSocket() else { return false }
        defer { close(socket) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    private static func openSocket() throws -> Int32 {
        #if canImport(Glibc)
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socket >= 0 else { throw StartError(description: "cannot open a socket: errno \(errno)") }
        return socket
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}
