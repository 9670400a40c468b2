import Controller
import Foundation
import KilnTestSupport
import Manifest
import Planner

/// The world of the amicleaner comparison: five image families of six versions each, old versions still used by
/// instances, launch configurations, launch templates and groups, and the Kiln manifests for those families.
struct CompareWorld: Sendable {
    static let owner = "compare"
    static let families = ["web", "api", "batch", "worker", "cron"]
    static let versions = (1...6).map { "1.\($0).0" }
    static let commit = String(repeating: "0", count: 40)

    /// `manifests/<family>.yaml` → text: the newest version desired, keep 2, no rollout (the references are
    /// somebody else's resources).
    static func manifests(sourceAMI: String) -> [String: String] {
        var files: [String: String] = [:]
        for family in families {
            files["manifests/\(family).yaml"] = """
                apiVersion: kiln/v1
                kind: Image
                metadata:
                  name: \(family)
                spec:
                  version: \(versions.last ?? "1.0.0")
                  source: {ami: \(sourceAMI)}
                  build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
                  provision:
                    - name: install
                      run: echo \(family)
                  retention: {keep: 2, minAge: 1s}

                """
        }
        return files
    }

    /// The seeding spec for `compare_world.py`: each version's AMI name and Kiln tags. The newest version
    /// carries the recipe Kiln computes for the manifest, so Kiln sees it as built and only prunes.
    static func spec(manifests: [String: String], sourceAMI: String) throws -> Data {
        let set = ManifestLoader.load(files: manifests.map { ManifestFile(path: $0.key, text: $0.value) })
        guard set.isComplete else { throw BenchError("comparison manifests do not validate: \(set.diagnostics)") }
        let desired = DesiredState(manifestSet: set, commit: commit, owner: owner)
        var familiesSpec: [[String: Any]] = []
        for family in families {
            guard let image = desired.images.first(where: { $0.name == family }) else { continue }
            let entries: [[String: Any]] = versions.map { version in
                let recipe = version == versions.last ? image.recipe : String(repeating: "e", count: 64)
                return [
                    "version": version, "name": "kiln/\(family)/\(version)/\(recipe.prefix(8))",
                    "tags": [
                        KilnTag.owner: owner, KilnTag.image: family, KilnTag.version: version,
                        KilnTag.recipe: recipe, KilnTag.commit: commit, KilnTag.sourceAMI: sourceAMI,
                    ],
                ]
            }
            familiesSpec.append(["name": family, "versions": entries])
        }
        let spec: [String: Any] = ["sourceAMI": sourceAMI, "versions": versions.count, "families": familiesSpec]
        return try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
    }
}

// MARK: - Talking to compare_world.py

/// One seeded copy of the world: its moto, the counting proxy in front of it, and the ids of what was seeded.
struct WorldCopy: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    /// `family/version` → AMI id.
    var amis: [String: String] = [:]
    /// `family/version` → why it is in use.
    var inUse: [String: [String]] = [:]

    /// A fresh moto server with a counting proxy in front of it.
    static func start() async throws -> WorldCopy {
        let moto = try await MotoServer.start()
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        return WorldCopy(moto: moto, proxy: proxy)
    }

    /// moto's newest Amazon Linux 2023 image in `region`.
    func baseImage(region: String, script: String) async throws -> String {
        let output = try await Self.run(script, ["base", moto.endpoint.absoluteString, region])
        return try JSONDecoder().decode(String.self, from: Data(output.utf8))
    }

    /// Seeds the world of `spec`; forgets the calls the proxy saw so far.
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

    /// AMI and snapshot ids that exist now (read from moto directly).
    func state(script: String) async throws -> (amis: Set<String>, snapshots: Set<String>) {
        struct State: Decodable {
            var amis: [String]
            var snapshots: [String]
        }
        let output = try await Self.run(script, ["state", moto.endpoint.absoluteString])
        let state = try JSONDecoder().decode(State.self, from: Data(output.utf8))
        return (Set(state.amis), Set(state.snapshots))
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

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
