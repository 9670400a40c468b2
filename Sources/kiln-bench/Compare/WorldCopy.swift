import Foundation
import KilnTestSupport

/// AMI and snapshot ids that exist at one moment.
struct WorldState: Sendable, Equatable {
    var amis: Set<String>
    var snapshots: Set<String>
}

/// One seeded copy of the world: its moto, the counting proxy in front of it, and the ids of what was seeded.
struct WorldCopy: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    /// `family/version` → AMI id.
    var amis: [String: String] = [:]
    /// `family/version` → why it is in use (as seeded, independent of either tool).
    var inUse: [String: [String]] = [:]

    /// A fresh moto server with a counting proxy in front of it; `indexedEC2Tags` for worlds of thousands of AMIs.
    static func start(indexedEC2Tags: Bool = false) async throws -> WorldCopy {
        let moto = try await MotoServer.start(.init(indexedEC2Tags: indexedEC2Tags))
        do {
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            return WorldCopy(moto: moto, proxy: proxy)
        } catch {
            moto.stop()
            throw error
        }
    }

    /// moto's newest Amazon Linux 2023 image in `region`.
    func baseImage(region: String, script: String) async throws -> String {
        let output = try await Self.run(script, ["base", moto.endpoint.absoluteString, region])
        return try JSONDecoder().decode(String.self, from: Data(output.utf8))
    }

    /// Seeds the world of `spec` (straight into moto); forgets the calls the proxy saw so far.
    mutating func seed(spec: URL, script: String) async throws {
        let output = try await Self.run(script, ["seed", moto.endpoint.absoluteString, spec.path])
        struct Seeded: Decodable {
            var amis: [String: String]
            var inUse: [String: [String]]
        }
        let seeded = try JSONDecoder().decode(Seeded.self, from: Data(output.utf8))
        amis = seeded.amis
        inUse = seeded.inUse
        proxy.resetCalls()
    }

    /// AMI and snapshot ids that exist now (read from moto directly, not counted).
    func state(script: String) async throws -> WorldState {
        struct State: Decodable {
            var amis: [String]
            var snapshots: [String]
        }
        let output = try await Self.run(script, ["state", moto.endpoint.absoluteString])
        let state = try JSONDecoder().decode(State.self, from: Data(output.utf8))
        return WorldState(amis: Set(state.amis), snapshots: Set(state.snapshots))
    }

    /// The calls the proxy counted since the last reset, by `service:Action`; then resets the count.
    func takeCalls() -> [String: Int] {
        let calls = Dictionary(
            proxy.countsByAction.map { ("\($0.key.service):\($0.key.action)", $0.value) }, uniquingKeysWith: +)
        proxy.resetCalls()
        return calls
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// Dummy credentials and no shared files: nothing reads the host's AWS configuration.
    static let awsEnvironment = [
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
    ]

    /// Runs a helper script of `deploy/bench` with python3 and dummy AWS credentials; its standard output.
    static func run(_ script: String, _ arguments: [String]) async throws -> String {
        let output = try await ProcessRunner.run("python3", [script] + arguments, environment: awsEnvironment)
        guard output.status == 0 else {
            let name = (script as NSString).lastPathComponent
            throw BenchError("\(name) \(arguments.first ?? "") failed: \(output.stderr.suffix(600))")
        }
        return output.stdout
    }
}
