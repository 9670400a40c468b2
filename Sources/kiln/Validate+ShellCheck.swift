import Foundation
import Manifest

/// Runs shellcheck on every step's script and reports its findings at manifest positions.
struct ShellCheck {
    /// One shellcheck finding (`-f json`).
    struct Finding: Decodable {
        var line: Int
        var column: Int
        var level: String
        var code: Int
        var message: String
    }

    let executable: URL

    /// Finds `shellcheck` on `PATH`.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ValidateIOError) -> ShellCheck
    {
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent("shellcheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return ShellCheck(executable: candidate) }
        }
        throw ValidateIOError("--shellcheck: shellcheck was not found on PATH; install it or leave out --shellcheck")
    }

    /// Findings for every step of every image.
    func check(_ images: [ImageManifest]) throws(ValidateIOError) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for image in images {
            for step in image.spec.allSteps {
                diagnostics += Self.diagnostics(try run(step.run), step: step)
            }
        }
        return diagnostics
    }

    /// Maps findings to manifest positions: `error` stays an error, every other level is a warning.
    static func diagnostics(_ findings: [Finding], step: Step) -> [Diagnostic] {
        findings.map { finding in
            let location = step.manifestLocation(scriptLine: finding.line, column: finding.column)
            let severity: Severity = finding.level == "error" ? .error : .warning
            return Diagnostic(
                severity, at: location,
                "shellcheck SC\(finding.code) (\(finding.level)) in step '\(step.name)': \(finding.message)")
        }
    }

    /// Runs shellcheck on one bash script given on stdin.
    private func run(_ script: String) throws(ValidateIOError) -> [Finding] {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--shell=bash", "--format=json", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            // shellcheck reads all of its input before it writes anything, so writing first cannot deadlock.
            try? input.fileHandleForWriting.write(contentsOf: Data(script.utf8))
            try input.fileHandleForWriting.close()
            let data = try output.fileHandleForReading.readToEnd() ?? Data()
            process.waitUntilExit()
            guard process.terminationStatus == 0 || process.terminationStatus == 1 else {
                throw ValidateIOError("shellcheck failed with exit status \(process.terminationStatus)")
            }
            return try JSONDecoder().decode([Finding].self, from: data)
        } catch let error as ValidateIOError {
            throw error
        } catch {
            throw ValidateIOError("shellcheck: \(error)")
        }
    }
}
