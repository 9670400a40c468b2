import Foundation
import Manifest
import Planner

// MARK: - Manifest model → planner input

extension DesiredImage {
    /// Projects one valid manifest to what the planner needs: every field, defaults filled in, durations in
    /// seconds, the recipe hash computed, regions of targets resolved.
    public init(manifest: ImageManifest) throws(DesiredStateError) {
        let spec = manifest.spec
        guard let version = Planner.SemanticVersion(spec.version.description) else {
            throw DesiredStateError.unsupportedVersion(image: manifest.name, version: spec.version.description)
        }
        var pinned: [Planner.SemanticVersion] = []
        for text in spec.retention.pinned.map(\.description) {
            guard let pin = Planner.SemanticVersion(text) else {
                throw DesiredStateError.unsupportedVersion(image: manifest.name, version: text)
            }
            pinned.append(pin)
        }
        self.init(
            name: manifest.name,
            version: version,
            recipe: manifest.recipeHash,
            retired: spec.retired,
            source: Self.source(spec),
            build: Self.build(spec.build),
            steps: Self.steps(spec),
            distribute: Planner.Distribution(regions: spec.distribute.regions, accounts: spec.distribute.accounts),
            tags: spec.tags,
            rollout: Self.rollout(spec.rollout),
            retention: Planner.Retention(
                keep: spec.retention.keep, minAge: Self.seconds(spec.retention.minAge), pinned: pinned,
                deprecateAfter: spec.retention.deprecateAfter.map(Self.seconds),
                disableAfter: spec.retention.disableAfter.map(Self.seconds),
                deleteAfter: spec.retention.deleteAfter.map(Self.seconds)),
            manifest: ManifestLocation(file: manifest.file, line: manifest.location.line))
    }

    // MARK: - Parts

    private static func source(_ spec: ImageSpec) -> Planner.ImageSource {
        switch spec.source {
        case .ami(.single(let id)):
            return .ami([spec.build.region: id])
        case .ami(.byRegion(let ids)):
            return .ami(ids)
        case .filter(let filter):
            return .filter(
                Planner.ImageFilter(
                    name: filter.name, owners: filter.owners, architecture: filter.architecture.rawValue))
        case .image(let base):
            return .image(base)
        }
    }

    private static func build(_ build: BuildSpec) -> BuildSettings {
        let volume = build.rootVolume
        return BuildSettings(
            region: build.region, instanceType: build.instanceType, subnet: build.subnet,
            securityGroups: build.securityGroups, instanceProfile: build.instanceProfile,
            associatePublicIp: build.associatePublicIp,
            rootVolume: Planner.RootVolume(
                sizeGiB: volume.sizeGiB, type: volume.type.rawValue, encrypted: volume.encrypted,
                kmsKey: volume.kmsKey),
            timeout: seconds(build.timeout), maxAttempts: build.maxAttempts, keepOnFailure: build.keepOnFailure)
    }

    private static func steps(_ spec: ImageSpec) -> BakeSteps {
        func script(_ step: Step) -> ScriptStep {
            ScriptStep(name: step.name, run: step.run, timeout: seconds(step.timeout))
        }
        let mode: Planner.CleanupMode = spec.cleanup.mode == .standard ? .standard : .none
        return BakeSteps(
            provision: spec.provision.map(script), test: spec.test.map(script),
            cleanup: spec.cleanup.steps.map(script), cleanupMode: mode)
    }

    private static func rollout(_ rollout: Rollout) -> RolloutTargets {
        RolloutTargets(
            launchTemplates: rollout.launchTemplates.map { target in
                Planner.LaunchTemplateTarget(
                    name: target.name, region: target.region, setDefault: target.setDefault,
                    refresh: target.refresh.map { refresh in
                        InstanceRefreshSettings(
                            autoScalingGroup: refresh.autoScalingGroup,
                            minHealthyPercentage: refresh.minHealthyPercentage,
                            instanceWarmup: refresh.instanceWarmup.map(seconds))
                    })
            },
            launchConfigurations: rollout.launchConfigurations.map {
                Planner.LaunchConfigurationTarget(autoScalingGroup: $0.autoScalingGroup, region: $0.region)
            },
            ssmParameter: rollout.ssmParameter)
    }

    private static func seconds(_ duration: ManifestDuration) -> TimeInterval {
        TimeInterval(duration.seconds)
    }
}
