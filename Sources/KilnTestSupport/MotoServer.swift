import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A `moto_server` process on 127.0.0.1 and a free port, speaking the real AWS wire protocols.
///
/// Authentication: moto serves the first `initialNoAuthActionCount` AWS API calls without checking
/// signatures or IAM policies; every later call must be SigV4-signed by an IAM user it knows and is
/// checked against that user's policies. Each AWS call counts, including every set-up call made by
/// ``createIAMUser(name:policy:)`` (three: CreateUser, PutUserPolicy, CreateAccessKey). Calls to
/// `/moto-api/` (readiness, ``reset()``) do not count.
public final class MotoServer: Sendable {
    /// How to start the server.
    public struct Configuration: Sendable {
        /// AWS calls served before signatures and IAM policies are enforced (default: never enforced).
        public var initialNoAuthActionCount: Int
        /// Extra environment for the server process (overrides the defaults below).
        public var environment: [String: String]
        /// The executable to run (looked up on `PATH`).
        public var executable: String
        /// How long to wait for the server to answer after launch.
        public var startupTimeout: Duration
        /// How many fresh ports to try if the chosen one was taken.
        public var portAttempts: Int
        /// Look an EC2 resource's tags up by its id (see ``MotoServer/indexedTagsPatch``): the same answers,
        /// without moto 5.2's scan of every tag in the region for each resource it describes.
        public var indexedEC2Tags: Bool
        /// Let `CopyImage` copy an AMI another account shares with the caller (see
        /// ``MotoServer/crossAccountImagesPatch``).
        public var crossAccountImages: Bool = false
        /// Run DynamoDB's item writes one at a time, so a conditional write is atomic as in DynamoDB (see
        /// ``MotoServer/atomicDynamoDBWritesPatch``). On by default: it only removes a race moto has and AWS has not.
        public var atomicDynamoDBWrites: Bool = true

        public init(
            initialNoAuthActionCount: Int = 1_000_000_000,
            environment: [String: String] = [:],
            executable: String = "moto_server",
            startupTimeout: Duration = .seconds(60),
            portAttempts: Int = 5,
            indexedEC2Tags: Bool = false
        ) {
            self.initialNoAuthActionCount = initialNoAuthActionCount
            self.environment = environment
            self.executable = executable
            self.startupTimeout = startupTimeout
            self.portAttempts = portAttempts
            self.indexedEC2Tags = indexedEC2Tags
        }
    }

    /// Default environment: a region and dummy credentials, so nothing reads the host's AWS config.
    public static let defaultEnvironment: [String: String] = [
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "PYTHONUNBUFFERED": "1",
    ]

    /// The base URL, e.g. `http://127.0.0.1:49152`.
    public let endpoint: URL
    /// The port the server listens on.
    public let port: Int
    /// The server's combined stdout and stderr (kept after ``stop()`` for debugging).
    public let logFile: URL
    /// The configuration the server was started with.
    public let configuration: Configuration
    private let handle: ProcessHandle

    /// The PID of the server process.
    public var pid: Int32 { handle.pid }

    private init(port: Int, logFile: URL, configuration: Configuration, handle: ProcessHandle) {
        self.port = port
        self.endpoint = URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
        self.logFile = logFile
        self.configuration = configuration
        self.handle = handle
    }

    // MARK: - Lifecycle

    /// Starts `moto_server` on a free loopback port and waits until it answers.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> MotoServer {
        guard let executable = ProcessRunner.locate(configuration.executable) else {
            throw HarnessError.notInstalled(configuration.executable, hint: "pip install 'moto[server]'")
        }
        let directory = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-moto")
        var environment = defaultEnvironment.merging(configuration.environment) { _, new in new }
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(configuration.initialNoAuthActionCount)
        let patches =
            (configuration.indexedEC2Tags ? [indexedTagsPatch] : [])
            + (configuration.crossAccountImages ? [crossAccountImagesPatch] : [])
            + (configuration.atomicDynamoDBWrites ? [atomicDynamoDBWritesPatch] : [])
        if !patches.isEmpty {
            try Data(patches.joined(separator: "\n\n").utf8).write(
                to: directory.appendingPathComponent("sitecustomize.py"))
            environment["PYTHONPATH"] = [directory.path, environment["PYTHONPATH"]].compactMap { $0 }
                .joined(separator: ":")
        }
        var lastError: any Error = HarnessError.noFreePort
        for attempt in 1...max(1, configuration.portAttempts) {
            let port = try await PortAllocator.freeLoopbackPort()
            let log = directory.appendingPathComponent("moto-\(attempt).log")
            let handle = try ProcessHandle(
                executable: executable,
                arguments: ["-H", "127.0.0.1", "-p", String(port)],
                environment: environment,
                log: log)
            let server = MotoServer(port: port, logFile: log, configuration: configuration, handle: handle)
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                server.stop()
                lastError = error
            }
        }
        throw lastError
    }

    /// Stops the server: SIGTERM to its PID, SIGKILL if it lingers; waits until it is gone. Idempotent.
    public func stop() {
        handle.stop()
    }

    /// Whether the server process is still running.
    public var isRunning: Bool { handle.isRunning }

    deinit {
        handle.stop()
    }

    // MARK: - Control API

    /// Resets all of moto's state (`POST /moto-api/reset`). Does not reset the auth call counter.
    public func reset() async throws {
        var request = HTTPClientRequest(url: endpoint.appendingPathComponent("moto-api/reset").absoluteString)
        request.method = .POST
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard response.status == .ok else {
            throw HarnessError.badResponse("moto reset answered \(response.status.code)")
        }
    }

    private func bannerLogged() -> Bool {
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return log.contains("Running on http://127.0.0.1:\(port)")
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now.advanced(by: configuration.startupTimeout)
        let url = endpoint.appendingPathComponent("moto-api/").absoluteString
        while ContinuousClock.now < deadline {
            guard handle.isRunning else {
                throw HarnessError.startFailed("moto_server exited early; see \(logFile.path)")
            }
            if let response = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: url), timeout: .seconds(2))
            {
                _ = try? await response.body.collect(upTo: 16 << 20)
                // The log line proves that this process (not another one that took the port) is listening.
                if response.status == .ok, handle.isRunning, bannerLogged() { return }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError.notReady(
            "moto_server on port \(port) after \(configuration.startupTimeout); see \(logFile.path)")
    }
}
