import Controller
import Foundation
import KilnTestSupport
import Manifest
import Planner

/// The manifests of the steady-state cycle benchmark and the seeding spec of their world in moto.
///
/// Each image: a fixed source AMI, built in us-east-1 and copied to eu-west-1, published to an SSM parameter, two
/// versions present. Every tenth image also rolls out to a launch template (the default version), at most 100:
/// moto 5.2 answers a listing of templates or of their latest and default versions with at most `MaxResults` (200)
/// items and no `NextToken`, so a world with more would never look converged. The seeded world is what Kiln would
/// have made.
struct CycleWorld: Sendable {
    static let owner = "kiln-bench"
    static let regions = ["us-east-1", "eu-west-1"]
    /// The most images with a launch template (see above).
    static let maxLaunchTemplates = 100
    let manifests: [String: String]
    let desired: DesiredState
    /// The source image per region: moto's Amazon Linux 2023 (the manifests name the build region's).
    let sourceAMIs: [String: String]

    init(images count: Int, sourceAMIs: [String: String]) throws {
        let sourceAMI = sourceAMIs["us-east-1"] ?? ""
        var manifests: [String: String] = [:]
        for index in 0..<count {
            let name = String(format: "svc-%05d", index)
            manifests["manifests/\(name).yaml"] = """
                apiVersion: kiln/v1
                kind: Image
                metadata:
                  name: \(name)
                spec:
                  version: 1.\(index % 10).\(index % 7)
                  source: {ami: \(sourceAMI)}
                  build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
                  provision:
                    - name: install
                      run: |
                        set -eu
                        echo \(name) > /etc/kiln-image
                  cleanup: standard
                  distribute: {regions: [eu-west-1]}
                  tags: {team: team-\(index % 13)}
                  rollout:
                    launchTemplates: [\(Self.hasTemplate(index) ? "{name: \(name), region: us-east-1}" : "")]
                    ssmParameter: /kiln/\(name)/ami
                  retention: {keep: 3, minAge: 7d}

                """
        }
        let set = ManifestLoader.load(files: manifests.map { ManifestFile(path: $0.key, text: $0.value) })
        guard set.isComplete, set.images.count == count else {
            throw BenchError("cycle manifests do not validate: \(set.diagnostics.prefix(3))")
        }
        self.manifests = manifests
        self.sourceAMIs = sourceAMIs
        desired = DesiredState(manifestSet: set, commit: String(repeating: "0", count: 40), owner: Self.owner)
    }

    /// Every tenth image, the first `maxLaunchTemplates` of them, rolls out to a launch template of its own.
    static func hasTemplate(_ index: Int) -> Bool {
        index % 10 == 0 && index / 10 < maxLaunchTemplates
    }

    /// The spec `seed_cycle_world.py` reads: two versions of every image (an older one and the desired one).
    func spec() throws -> Data {
        let images: [[String: Any]] = desired.images.map { image in
            let older = SemanticVersion("0.9.0") ?? image.version
            let versions: [[String: Any]] = [(older, String(repeating: "a", count: 64)), (image.version, image.recipe)]
                .map { version, recipe in
                    [
                        "name": "kiln/\(image.name)/\(version)/\(recipe.prefix(8))",
                        "tags": [
                            KilnTag.owner: Self.owner, KilnTag.image: image.name, KilnTag.version: "\(version)",
                            KilnTag.recipe: recipe, KilnTag.commit: String(repeating: "0", count: 40),
                            KilnTag.sourceAMI: sourceAMIs["us-east-1"] ?? "",
                        ],
                    ]
                }
            return [
                "name": image.name, "buildRegion": image.build.region, "versions": versions,
                "launchTemplate": image.rollout.launchTemplates.first?.name ?? "",
                "parameter": image.rollout.ssmParameter ?? "",
            ]
        }
        let spec: [String: Any] = [
            "regions": Self.regions, "images": images,
            "sourceAMI": sourceAMIs,
        ]
        return try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])
    }
}
