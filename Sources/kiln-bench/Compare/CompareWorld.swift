import Controller
import Foundation
import Manifest
import Planner

/// The world of the amicleaner comparison: five image families of six versions each, old versions still used by
/// instances, launch configurations, launch templates and groups (seeded by `compare_world.py`), and the Kiln
/// manifests for those families.
enum CompareWorld {
    static let owner = "compare"
    static let families = ["web", "api", "batch", "worker", "cron"]
    static let versions = (1...6).map { "1.\($0).0" }
    static let keep = 2
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
                  retention: {keep: \(keep), minAge: 1s}

                """
        }
        return files
    }

    /// The seeding spec for `compare_world.py`: each version's AMI name, description and tags, as Kiln's bake
    /// writes them (`kiln/<image>/<version>/<recipe8>`, owner, image, version, recipe, commit, source AMI). The
    /// newest version carries the recipe Kiln computes for the manifest, so Kiln sees it as built and only prunes.
    static func spec(manifests: [String: String], sourceAMI: String) throws -> Data {
        let set = ManifestLoader.load(files: manifests.map { ManifestFile(path: $0.key, text: $0.value) })
        guard set.isComplete else { throw BenchError("comparison manifests do not validate: \(set.diagnostics)") }
        let desired = DesiredState(manifestSet: set, commit: commit, owner: owner)
        var familiesSpec: [[String: Any]] = []
        for family in families {
            guard let image = desired.images.first(where: { $0.name == family }) else {
                throw BenchError("no desired image \(family)")
            }
            let entries: [[String: Any]] = versions.map { version in
                let recipe = version == versions.last ? image.recipe : String(repeating: "e", count: 64)
                return [
                    "version": version, "name": "kiln/\(family)/\(version)/\(recipe.prefix(8))",
                    "description":
                        "Kiln \(family) \(version) (recipe \(recipe.prefix(8)), commit \(commit.prefix(12)))",
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
