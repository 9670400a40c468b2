import Foundation

// MARK: - python3 subprocesses

/// Runs python3 scripts for the tests: one-shot (the botocore oracle) or as a loopback server.
enum PythonProcess {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `script` with `input` on stdin and returns its stdout; stdin and stderr go through temp files, so
    /// large inputs and outputs cannot deadlock on pipe buffers.
    static func run(script: String, input: Data) throws -> String {
        let directory = try TemporaryDirectory()
        let inputFile = directory.url.appendingPathComponent("stdin")
        let errorFile = directory.url.appendingPathComponent("stderr")
        try input.write(to: inputFile)
        try Data().write(to: errorFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw Failed(description: "python3 exited \(process.terminationStatus): \(errors.suffix(2000))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

// MARK: - Files

/// A temp directory removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-aws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
