import Dispatch
import Foundation
import Synchronization

/// Credentials from an external command (`credential_process` in a profile).
///
/// The command line is split into arguments (see `split(_:)`) and run directly, never through a shell. Its
/// stdout must be a JSON document with `Version: 1`, `AccessKeyId`, `SecretAccessKey` and optionally
/// `SessionToken` and `Expiration`. Its stderr is discarded and its output never appears in an error.
public struct CredentialProcessProvider: CredentialProvider {
    private let command: String
    private let environment: [String: String]
    private let timeout: Duration
    private let now: @Sendable () -> Date

    /// Runs `command` with `environment` as its whole environment (its `PATH` also finds the program).
    public init(
        command: String, environment: [String: String], timeout: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.command = command
        self.environment = environment
        self.timeout = timeout
        self.now = now
    }

    static let source = "credential_process"
    /// More output than any credential document needs.
    static let maximumOutput = 1 << 20

    public func credentials() async throws -> Credentials {
        let arguments = try Self.split(command)
        guard let program = arguments.first else {
            throw CredentialError.invalid(Self.source, "the command is empty")
        }
        guard let executable = Self.locate(program, path: environment["PATH"]) else {
            throw CredentialError.retrieval(Self.source, "program '\(program)' was not found or is not executable")
        }
        let (status, output) = try await Self.run(
            executable: executable, arguments: Array(arguments.dropFirst()), environment: environment,
            timeout: timeout)
        guard status == 0 else {
            throw CredentialError.retrieval(Self.source, "'\(program)' exited with status \(status)")
        }
        guard output.count <= Self.maximumOutput else {
            throw CredentialError.invalid(Self.source, "'\(program)' wrote more than 1 MiB")
        }
        guard CredentialDocument.version(output) == 1 else {
            throw CredentialError.invalid(Self.source, "'\(program)' output must be JSON with \"Version\": 1")
        }
        let credentials = try CredentialDocument.decode(output, fields: .process, source: Self.source)
        if let expiration = credentials.expiration, expiration <= now() {
            throw CredentialError.expired(Self.source, at: expiration)
        }
        return credentials
    }

    // MARK: - Running the program

    /// The executable for `program`: itself when it has a `/`, else the first match on `path`.
    static func locate(_ program: String, path: String?) -> String? {
        let files = FileManager.default
        if program.contains("/") { return files.isExecutableFile(atPath: program) ? program : nil }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(program)" }.first { files.isExecutableFile(atPath: $0) }
    }

    /// Runs the program on a dispatch thread (reading its stdout blocks) and terminates it after `timeout`.
    private static func run(
        executable: String, arguments: [String], environment: [String: String], timeout: Duration
    ) async throws -> (status: Int32, output: Data) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.environment = environment
                process.standardInput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                let stdout = Pipe()
                process.standardOutput = stdout
                let finished = ExitFlag()
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: CredentialError.retrieval(source, "the program could not be started"))
                    return
                }
                let pid = process.processIdentifier
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                    finished.unlessDone { kill(pid, SIGKILL) }
                }
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                finished.markDone()
                if process.terminationReason == .uncaughtSignal {
                    continuation.resume(
                        throwing: CredentialError.retrieval(source, "the program was killed (timeout or signal)"))
                } else {
                    continuation.resume(returning: (process.terminationStatus, output))
                }
            }
        }
    }
}

/// Whether a started program has been waited for, so the timeout never signals a reused process id.
private final class ExitFlag: Sendable {
    private let done = Mutex(false)

    func markDone() { done.withLock { $0 = true } }

    func unlessDone(_ body: () -> Void) {
        done.withLock { if !$0 { body() } }
    }
}
