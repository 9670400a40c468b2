import Foundation

/// Runs helper executables (python3, git, ...) to completion for test set-up.
public enum ProcessRunner {
    /// What a finished process printed and how it ended.
    public struct Output: Sendable {
        /// The exit status (or the terminating signal number).
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Finds `name` on `PATH` (or returns it if it is already a path to an executable).
    public static func locate(_ name: String, path: String? = nil) -> URL? {
        let manager = FileManager.default
        if name.contains("/") {
            return manager.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let search = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in search.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments`, the current environment overlaid with `environment`.
    ///
    /// Output goes through temporary files, so a chatty process never blocks on a full pipe.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:]
    ) async throws -> Output {
        guard let url = locate(executable) else { throw HarnessError.notInstalled(executable) }
        let directory = try makeTemporaryDirectory(prefix: "kiln-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        let status = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Int32, any Error>) in
            do {
                let process = try makeProcess(
                    url, arguments, environment: environment, stdout: stdoutURL, stderr: stderrURL)
                process.terminationHandler = { finished in
                    continuation.resume(returning: finished.terminationStatus)
                }
                try process.run()
            } catch {
                continuation.resume(throwing: HarnessError.startFailed("\(executable): \(error)"))
            }
        }
        return Output(
            status: status,
            stdout: (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }

    // MARK: - Shared with ProcessHandle

    static func makeProcess(
        _ url: URL,
        _ arguments: [String],
        environment: [String: String],
        stdout: URL,
        stderr: URL
    ) throws -> Process {
        let manager = FileManager.default
        for file in [stdout, stderr] where !manager.fileExists(atPath: file.path) {
            _ = manager.createFile(atPath: file.path, contents: nil)
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        let out = try FileHandle(forWritingTo: stdout)
        out.seekToEndOfFile()
        process.standardOutput = out
        let err = stderr == stdout ? out : try FileHandle(forWritingTo: stderr)
        process.standardError = err
        return process
    }

    /// Creates a fresh, uniquely named directory under the system temporary directory.
    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
