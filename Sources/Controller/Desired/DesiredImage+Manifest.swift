import Foundation
import Manifest
import Planner

// MARK: - Manifest model → planner input

extension DesiredImage {
    /// The planner's input for one valid manifest: the spec's model values as decoded (version, source,
    /// build, distribution, rollout targets, retention), the steps with their timeouts in seconds, and the recipe
    /// hash. Accounts the image is copied into are shared with (a copy needs the share); launch templates in
    /// those accounts are theirs (`DesiredState.projected(into:)`), not this account's.
    public init(manifest: ImageManifest) {
        let spec = manifest.spec
        self.init(
            name: manifest.name,
            version: spec.version,
            recipe: manifest.recipeHash,
            retired: spec.retired,
            source: spec.source,
            build: spec.build,
            steps: Self.steps(spec),
            distribute: Distribution(
                regions: spec.distribute.regions, accounts: spec.distribute.sharedAccounts,
                copyTo: spec.distribute.copyTo),
            tags: spec.tags,
            rollout: RolloutTargets(
                launchTemplates: spec.rollout.launchTemplates.filter { $0.account == nil },
                launchConfigurations: spec.rollout.launchConfigurations.filter { $0.account == nil },
                ssmParameter: spec.rollout.ssmParameter),
            retention: spec.retention,
            manifest: ManifestLocation(file: manifest.file, line: manifest.location.line),
            autoUpdate: spec.autoUpdate.source)
    }

    // MARK: - Parts

    private static func steps(_ spec: ImageSpec) -> BakeSteps {
        func script(_ step: Step) -> ScriptStep {
            ScriptStep(name: step.name, run: step.run, timeout: step.timeout.timeInterval)
        }
        return BakeSteps(
            provision: spec.provision.map(script), test: spec.test.map(script),
            cleanup: spec.cleanup.steps.map(script), cleanupMode: spec.cleanup.mode)
    }
}
