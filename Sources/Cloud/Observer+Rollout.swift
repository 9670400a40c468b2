import AWS
import Foundation
import Planner

// MARK: - Launch templates, launch configurations, groups, parameters

extension RegionObserver {
    /// Every template with every version (one listing per template).
    func observeLaunchTemplates(_ templates: [EC2.LaunchTemplate]) async throws -> [ObservedLaunchTemplate] {
        let ec2 = self.ec2
        let region = self.region
        return try await concurrentMap(templates.sorted { $0.launchTemplateId < $1.launchTemplateId }, limit: limit) {
            template in
            let versions = try await ec2.describeLaunchTemplateVersions(.init(template: .id(template.launchTemplateId)))
            let observed = versions.map {
                LaunchTemplateVersion(
                    number: $0.versionNumber, imageId: $0.launchTemplateData?.imageId,
                    description: $0.versionDescription)
            }.sorted { $0.number < $1.number }
            let latest = template.latestVersionNumber ?? observed.last?.number ?? 0
            let fallbackDefault = versions.first { $0.defaultVersion == true }?.versionNumber ?? latest
            return ObservedLaunchTemplate(
                id: template.launchTemplateId, name: template.launchTemplateName ?? template.launchTemplateId,
                region: region, defaultVersion: template.defaultVersionNumber ?? fallbackDefault,
                latestVersion: latest, versions: observed)
        }
    }

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

    // MARK: - SSM parameters

    /// The parameters desired images publish here, ten names per `GetParameters` call (the API's limit); absent
    /// ones are left out. Values are dropped here, at the source: a parameter keeps the id of the image it names
    /// when that is one of `images` (this region's), and nothing else, so no value can reach a plan, a status
    /// file or a log.
    func observeParameters(images: [ObservedImage]) async throws -> [ObservedParameter] {
        let known = Set(images.map(\.id))
        let names = Set(desiredHere.compactMap(\.rollout.ssmParameter)).sorted()
        let batches = stride(from: 0, to: names.count, by: Self.parametersPerCall).map {
            Array(names[$0..<min($0 + Self.parametersPerCall, names.count)])
        }
        let ssm = self.ssm
        let region = self.region
        let found = try await concurrentMap(batches, limit: limit) { batch in
            try await ssm.getParameters(names: batch).parameters.map {
                let value = $0.value.trimmingCharacters(in: .whitespaces)
                return ObservedParameter(name: $0.name, region: region, imageId: known.contains(value) ? value : nil)
            }
        }
        return found.flatMap { $0 }
    }

    /// The most names `GetParameters` accepts.
    static let parametersPerCall = 10
}
