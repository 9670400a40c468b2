import Foundation
import Synchronization
import Testing

@testable import AWS

// MARK: - Loopback servers

/// A python3 HTTP server on 127.0.0.1, started on a free port and stopped by the PID it was started with.
final class PythonServer: Sendable {
    let port: Int
    private let process: Mutex<Process?>

    /// Starts `script` with `arguments`; the script prints its port on the first line of stdout.
    init(script: String, arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while true {
            let chunk = output.fileHandleForReading.readData(ofLength: 1)
            guard let byte = chunk.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            process.waitUntilExit()
            throw PythonProcess.Failed(description: "test server did not report a port")
        }
        self.port = port
        self.process = Mutex(process)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops the server by its own PID.
    func stop() {
        process.withLock { process in
            guard let running = process else { return }
            if running.isRunning {
                kill(running.processIdentifier, SIGKILL)
                running.waitUntilExit()
            }
            process = nil
        }
    }

    deinit { stop() }
}

// MARK: - Clocks and fakes

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }

    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Stands in for the STS client in tests of the chain's logic: it records what was asked and answers with
/// credentials derived from the request, so a test can tell which role and source were used.
final class RecordingRoleAssumer: RoleAssuming {
    struct Call: Equatable, Sendable {
        var kind: String
        var roleARN: String
        var sessionName: String
        var externalID: String?
        var durationSeconds: Int?
        var sourceAccessKey: String?
        var token: String?
        var region: String
    }

    let calls = Mutex<[Call]>([])
    let expiration: Date?

    init(expiration: Date? = nil) { self.expiration = expiration }

    func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?,
        using credentials: Credentials, region: String
    ) async throws -> Credentials {
        calls.withLock {
            $0.append(
                Call(
                    kind: "AssumeRole", roleARN: roleARN, sessionName: sessionName, externalID: externalID,
                    durationSeconds: durationSeconds, sourceAccessKey: credentials.accessKeyID, region: region))
        }
        return Credentials(
            accessKeyID: "ASIA-" + (roleARN.split(separator: "/").last.map(String.init) ?? ""),
            secretAccessKey: "assumed-secret", sessionToken: "assumed-token", expiration: expiration)
    }

    func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, token: String, region: String
    ) async throws -> Credentials {
        calls.withLock {
            $0.append(
                Call(kind: "WebIdentity", roleARN: roleARN, sessionName: sessionName, token: token, region: region))
        }
        return Credentials(
            accessKeyID: "ASIA-WEB-" + (roleARN.split(separator: "/").last.map(String.init) ?? ""),
            secretAccessKey: "web-secret", sessionToken: "web-token", expiration: expiration)
    }
}

/// Secrets the "never in a description" tests look for.
enum Secret {
    static let key = "SECRETwJalrXUtnFEMIK7MDENGbPxRfiCY"
    static let token = "TOKENIQoJb3JpZ2luX2VjEXAMPLE"
    static let authToken = "AUTHTOKENBasic-c2VjcmV0"
    static let webToken = "WEBTOKENeyJhbGciOiJSUzI1NiJ9"
    static let all = [key, token, authToken, webToken]

    /// Fails the test when any secret shows up in `text`.
    static func expectAbsent(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in all {
            #expect(!text.contains(secret), "a secret leaked into: \(text)", sourceLocation: sourceLocation)
        }
    }
}
