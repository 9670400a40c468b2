import AWS
import Foundation
import Planner

// MARK: - Launch configurations and groups

extension RegionObserver {
    /// A launch configuration; a missing creation time counts as now.
    func observedConfiguration(_ configuration: AutoScaling.LaunchConfiguration, now: Date)
        -> ObservedLaunchConfiguration
    {
        ObservedLaunchConfiguration(
            name: configuration.launchConfigurationName, region: region, imageId: configuration.imageId,
            createdAt: configuration.createdTime ?? now)
    }

    // MARK: - Groups and instance refreshes

    /// The groups, with instance refreshes read only for refresh targets whose instances run another
    /// AMI than the one the desired version rolls out (none in a steady state).
    func observeGroups(
        _ groups: [AutoScaling.AutoScalingGroup], images: [ObservedImage], instances: [ObservedInstance]
    ) async throws -> [ObservedAutoScalingGroup] {
        var observed = groups.map(observedGroup)
        let names = refreshCandidates(images: images, instances: instances)
            .filter { name in observed.contains { $0.name == name } }
        guard !names.isEmpty else { return observed }
        let autoScaling = self.autoScaling
        let refreshes = try await concurrentMap(names, limit: limit) { name in
            (name, try await autoScaling.describeInstanceRefreshes(.init(autoScalingGroupName: name)))
        }
        let now = observer.now()
        for (name, list) in refreshes {
            guard let index = observed.firstIndex(where: { $0.name == name }) else { continue }
            observed[index].instanceRefreshes = list.map {
                ObservedInstanceRefresh(
                    id: $0.instanceRefreshId, status: RefreshStatus(rawValue: $0.status ?? "Pending"),
                    startTime: $0.startTime ?? now)
            }
        }
        return observed
    }

    private func observedGroup(_ group: AutoScaling.AutoScalingGroup) -> ObservedAutoScalingGroup {
        func reference(_ specification: AutoScaling.LaunchTemplateSpecification?) -> LaunchTemplateReference? {
            guard let specification else { return nil }
            return LaunchTemplateReference(
                id: specification.launchTemplateId, name: specification.launchTemplateName,
                version: specification.version)
        }
        var policy: MixedInstancesPolicyReference?
        if let mixed = group.mixedInstancesPolicy?.launchTemplate {
            policy = MixedInstancesPolicyReference(
                launchTemplate: reference(mixed.launchTemplateSpecification) ?? LaunchTemplateReference(),
                overrides: mixed.overrides.compactMap { reference($0.launchTemplateSpecification) })
        }
        return ObservedAutoScalingGroup(
            name: group.autoScalingGroupName, region: region, launchTemplate: reference(group.launchTemplate),
            mixedInstancesPolicy: policy, launchConfigurationName: group.launchConfigurationName)
    }

    /// Refresh target groups in this region with an instance that does not run the desired AMI.
    func refreshCandidates(images: [ObservedImage], instances: [ObservedInstance]) -> [String] {
        var names: Set<String> = []
        for image in desiredHere where !image.retired && !desired.invalidImageNames.contains(image.name) {
            let groups = image.rollout.launchTemplates.filter { $0.region == region }.compactMap(\.refresh)
                .map(\.autoScalingGroup)
            guard !groups.isEmpty, let ami = rolloutAMI(of: image, images: images) else { continue }
            for group in groups {
                let outdated = instances.contains {
                    $0.tags[KilnTag.autoScalingGroup] == group && !$0.state.isEnding && $0.imageId != ami
                }
                if outdated { names.insert(group) }
            }
        }
        return names.sorted()
    }

    /// The AMI the planner rolls out for the desired version here: available, the desired recipe first,
    /// else the oldest.
    func rolloutAMI(of image: DesiredImage, images: [ObservedImage]) -> String? {
        let available = images.filter {
            isOurs($0) && $0.tags[KilnTag.image] == image.name
                && $0.tags[KilnTag.version].flatMap(SemanticVersion.init) == image.version && $0.state == .available
        }
        if let exact = available.filter({ $0.tags[KilnTag.recipe] == image.recipe }).min(by: { $0.id < $1.id }) {
            return exact.id
        }
        return available.min { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }?.id
    }
}
