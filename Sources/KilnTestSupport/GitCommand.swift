import Foundation

/// Runs the git command-line tool with a clean, reproducible environment, for tests.
///
/// The user's and the system's git configuration are ignored, prompts are off, and author and committer are
/// `Kiln Test <test@kiln.invalid>` unless the caller's `environment` says otherwise.
public enum GitCommand {
    /// A git invocation that exited with a non-zero status.
    public struct Failure: Error, CustomStringConvertible {
        /// The arguments after `git`.
        public let arguments: [String]
        /// The exit status.
        public let status: Int32
        /// What git wrote to standard error.
        public let standardError: String

        public var description: String {
            "git \(arguments.joined(separator: " ")) exited with \(status): \(standardError)"
        }
    }

    /// Runs `git arguments…` in `directory` and returns its standard output, trailing newlines trimmed.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout")
        let errorURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = baseEnvironment(home: scratch.path).merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()

        let stdout = String(decoding: try Data(contentsOf: outputURL), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let stderr = String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)
            throw Failure(arguments: arguments, status: process.terminationStatus, standardError: stderr)
        }
        return String(stdout.reversed().drop { $0 == "\n" }.reversed())
    }

    /// The environment every invocation starts from.
    static func baseEnvironment(home: String) -> [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "LANG": "C",
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Kiln Test",
            "GIT_AUTHOR_EMAIL": "test@kiln.invalid",
            "GIT_COMMITTER_NAME": "Kiln Test",
            "GIT_COMMITTER_EMAIL": "test@kiln.invalid",
        ]
    }
}
