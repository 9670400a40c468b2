import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging
import Manifest
import Planner
import Testing

/// The world of `kiln-bench compare-amicleaner` in one moto server, seeded by the same script
/// (`deploy/bench/compare_world.py`): five families of six Kiln-built versions, old versions still used by
/// instances, launch configurations, launch templates and groups; and Kiln's keep-2 manifests in a git repository.
struct PruneWorld {
    static let owner = "kiln-prune-test"
    static let families = ["web", "api", "batch", "worker", "cron"]
    static let versions = (1...6).map { "1.\($0).0" }
    static let commit = String(repeating: "0", count: 40)

    /// What the script seeded, by label `family/version`.
    struct Seeded: Decodable {
        var amis: [String: String]
        var snapshots: [String: [String]]
        var inUse: [String: [String]]
    }

    let moto: MotoServer
    let fixture: GitFixture
    let repository: GitFixture.Repository
    let seeded: Seeded

    static func start() async throws -> PruneWorld {
        let moto = try await MotoServer.start()
        do {
            let source = try await Self.script(["base", moto.endpoint.absoluteString, "us-east-1"])
            let sourceAMI = try JSONDecoder().decode(String.self, from: Data(source.utf8))
            let fixture = try GitFixture()
            let repository = try fixture.makeRepository("images")
            let files = manifests(sourceAMI: sourceAMI)
            try repository.commit(files, message: "Manifests")
            let specPath = fixture.path("spec.json")
            try spec(manifests: files, sourceAMI: sourceAMI).write(to: URL(fileURLWithPath: specPath))
            let output = try await Self.script(["seed", moto.endpoint.absoluteString, specPath])
            let seeded = try JSONDecoder().decode(Seeded.self, from: Data(output.utf8))
            return PruneWorld(moto: moto, fixture: fixture, repository: repository, seeded: seeded)
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        moto.stop()
    }

    /// One `kiln apply` cycle (Kiln's `Cycle` with the real Observer and Executor) on `clock`.
    func cycle(clock: any CycleClock) async throws -> CycleReport {
        let logger = Logger(label: "kiln.test.prune") { _ in SwiftLogNoOpLogHandler() }
        let endpoint = moto.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in endpoint }, logger: logger)
        let cycle = Cycle(
            source: GitManifestSource(location: repository.path, cacheDirectory: fixture.path("cache")),
            client: client, configuration: Cycle.Configuration(owner: Self.owner), clock: clock, logger: logger)
        let report = await cycle.run(.apply)
        try await client.shutdown()
        return report
    }

    /// AMI ids of the account and the seeded snapshot ids that exist now.
    func state() async throws -> (amis: Set<String>, snapshots: Set<String>) {
        struct State: Decodable {
            var amis: [String]
            var snapshots: [String]
        }
        let output = try await Self.script(["state", moto.endpoint.absoluteString])
        let state = try JSONDecoder().decode(State.self, from: Data(output.utf8))
        return (Set(state.amis), Set(state.snapshots))
    }

    // MARK: - Manifests and seeding spec

    /// Keep 2, minimum age 1 s, the newest version desired, no rollout.
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

    /// Each version's name and Kiln's tags; the newest carries the manifest's recipe (built, nothing to bake).
    static func spec(manifests: [String: String], sourceAMI: String) throws -> Data {
        let set = ManifestLoader.load(files: manifests.map { ManifestFile(path: $0.key, text: $0.value) })
        try #require(set.isComplete, "manifests do not validate: \(set.diagnostics)")
        let desired = DesiredState(manifestSet: set, commit: commit, owner: owner)
        var entries: [[String: Any]] = []
        for family in families {
            let image = try #require(desired.images.first { $0.name == family })
            let versionEntries: [[String: Any]] = versions.map { version in
                let recipe = version == versions.last ? image.recipe : String(repeating: "e", count: 64)
                return [
                    "version": version, "name": "kiln/\(family)/\(version)/\(recipe.prefix(8))",
                    // Kiln's tags as Kiln writes them, with the record of the manifest's tag keys.
                    "tags": image.tags.merging([
                        KilnTag.owner: owner, KilnTag.image: family, KilnTag.version: version,
                        KilnTag.recipe: recipe, KilnTag.commit: commit, KilnTag.sourceAMI: sourceAMI,
                        KilnTag.tagKeys: image.tags.keys.sorted().joined(separator: ","),
                    ]) { _, kiln in kiln },
                ]
            }
            entries.append(["name": family, "versions": versionEntries])
        }
        let spec: [String: Any] = ["sourceAMI": sourceAMI, "versions": versions.count, "families": entries]
        return try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
    }

    /// Runs `deploy/bench/compare_world.py` with dummy credentials; its standard output.
    static func script(_ arguments: [String]) async throws -> String {
        let path = RepositoryFiles.root.appendingPathComponent("deploy/bench/compare_world.py").path
        let output = try await ProcessRunner.run(
            "python3", [path] + arguments,
            environment: [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        try #require(output.status == 0, "compare_world.py \(arguments[0]) failed: \(output.stderr.suffix(600))")
        return output.stdout
    }
}
