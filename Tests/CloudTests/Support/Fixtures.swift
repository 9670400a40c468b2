import Foundation
import Planner
import Testing

/// Desired images and states for tests.
enum Fixtures {
    /// A desired image built in `region` from the base image, with the test recipe.
    static func image(
        _ name: String, version: String, region: String, source: ImageSource? = nil, regions: [String] = [],
        accounts: [String] = [], rollout: RolloutTargets = RolloutTargets(), recipe: String = World.recipe
    ) throws -> DesiredImage {
        DesiredImage(
            name: name, version: try #require(SemanticVersion(version)), recipe: recipe,
            source: source ?? .ami([region: World.baseImage]),
            build: BuildSpec(
                region: region, instanceType: "t3.small", instanceProfile: CloudHarness.instanceProfile),
            steps: BakeSteps(provision: [ScriptStep(name: "install", run: "echo install")]),
            distribute: Distribution(regions: regions, accounts: accounts), tags: ["team": "test"],
            rollout: rollout, manifest: ManifestLocation(file: "manifests/\(name).yaml", line: 1))
    }

    /// The desired state of `images` for `owner`.
    static func desired(_ images: [DesiredImage], owner: String) -> DesiredState {
        DesiredState(images: images, commit: "0123456789abcdef0123456789abcdef01234567", owner: owner)
    }
}
