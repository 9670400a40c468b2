import Foundation

/// Runs a command-line tool (`ssh-keygen`, `gpgv`) the safe way: found on `PATH`, arguments as an array (never a
/// shell), inputs in a private temporary directory (files mode 0600), a time limit, and standard error kept for
/// the error message.
struct ExternalTool {
    /// How a run ended.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The tool's name, e.g. `ssh-keygen`.
    let name: String
    /// How long one run may take before it is killed.
    var timeout: Duration = .seconds(30)

    /// A private directory for one run's files; removed when `body` returns.
    static func withScratch<T>(_ body: (Scratch) throws(GitError) -> T) throws(GitError) -> T {
        let scratch = try Scratch()
        defer { scratch.remove() }
        return try body(scratch)
    }

    /// Runs the tool with `arguments`, standard input from `input` (a file path) or nothing.
    func run(_ arguments: [String], input: String? = nil, in scratch: Scratch) throws(GitError) -> Outcome {
        let operation = "run \(name)"
        guard let executable = Self.find(name) else {
            throw GitError(.other, operation: operation, message: "\(name) is not installed (not found on PATH)")
        }
        let outputPath = try scratch.write("stdout", Data())
        let errorPath = try scratch.write("stderr", Data())
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.path)
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C",
            "HOME": scratch.path,
        ]
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            process.standardInput =
                try input.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
                ?? FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
            try process.run()
        } catch {
            throw GitError(.other, operation: operation, message: "cannot start \(name): \(error)")
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if done.wait(timeout: .now() + seconds) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw GitError(.other, operation: operation, message: "\(name) did not finish within \(timeout)")
        }
        return Outcome(
            status: process.terminationStatus, standardOutput: scratch.read("stdout"),
            standardError: scratch.read("stderr"))
    }

    /// The first executable called `name` on `PATH`.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

// MARK: - Scratch directory

/// A temporary directory only the current user can enter, holding files only they can read.
final class Scratch {
    let path: String

    init() throws(GitError) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-verify-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw GitError(.other, operation: "make a temporary directory", message: "\(error)")
        }
        path = url.path
    }

    /// Writes `data` to `name` inside the directory, mode 0600, and returns the file's path.
    @discardableResult
    func write(_ name: String, _ data: Data) throws(GitError) -> String {
        let file = path + "/" + name
        guard FileManager.default.createFile(atPath: file, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw GitError(.other, operation: "write a temporary file", message: "cannot write \(file)")
        }
        return file
    }

    /// The text of `name`, empty if unreadable.
    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
