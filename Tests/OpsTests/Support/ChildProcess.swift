import Foundation
import KilnTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A built executable of this package run as a child process, stopped by its own PID.
final class ChildProcess {
    let process: Process
    /// Keeps the child's standard input open; closing it tells `kiln-testbed` to stop.
    let input: Pipe
    let log: URL

    init(_ name: String, _ arguments: [String], environment: [String: String] = [:], log: URL) throws {
        guard let executable = Self.executable(name) else { throw HarnessError.notInstalled(name) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        input = Pipe()
        process.standardInput = input
        try process.run()
        self.process = process
        self.log = log
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.fileHandleForWriting.close()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM.
    func terminate() { kill(process.processIdentifier, SIGTERM) }

    /// The exit status once the process has exited, or nil if it is still running after `seconds`.
    func waitForExit(seconds: Double) async throws -> Int32? {
        for _ in 0..<Int(seconds * 20) {
            if !process.isRunning { return process.terminationStatus }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Stops the process: SIGTERM, then SIGKILL if it is still running after ten seconds.
    func stop() async {
        guard process.isRunning else { return }
        terminate()
        if (try? await waitForExit(seconds: 10)) == nil, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// An executable built beside the test bundle.
    static func executable(_ name: String) -> URL? {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name))
        candidates.append(RepositoryFiles.root.appendingPathComponent(".build/debug/\(name)"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Waits (bounded) until `condition` holds; false if it never did.
    static func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<Int(seconds * 5) {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }
}
