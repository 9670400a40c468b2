import AWS
import Foundation
import Planner

// MARK: - Launch templates: latest, default and pinned versions

extension RegionObserver {
    /// Every template with its latest and default version (from one account-wide listing, `latestAndDefault`)
    /// and the versions groups pin by number (one call per template a group pins that way). Other versions are
    /// read only when a prune may need them (``Observer/addVersionHistories(to:desired:)``).
    func observeLaunchTemplates(
        _ templates: [EC2.LaunchTemplate], latestAndDefault: [EC2.LaunchTemplateVersion],
        groups: [AutoScaling.AutoScalingGroup]
    ) async throws -> [ObservedLaunchTemplate] {
        var listed: [String: [EC2.LaunchTemplateVersion]] = [:]
        for version in latestAndDefault { listed[version.launchTemplateId, default: []].append(version) }
        let pinned = Self.pinnedVersions(groups: groups, templates: templates)
        let ec2 = self.ec2
        let region = self.region
        let sorted = templates.sorted { $0.launchTemplateId < $1.launchTemplateId }
        let missing = sorted.compactMap { template -> (String, [Int]?)? in
            let known = Set((listed[template.launchTemplateId] ?? []).map(\.versionNumber))
            // A template the account-wide listing missed (made in between) is read whole.
            guard !known.isEmpty else { return (template.launchTemplateId, nil) }
            let wanted = (pinned[template.launchTemplateId] ?? []).subtracting(known).sorted()
            return wanted.isEmpty ? nil : (template.launchTemplateId, wanted)
        }
        let fetched = try await concurrentMap(missing, limit: limit) { id, numbers in
            (id, try await Self.versions(of: id, numbers: numbers, ec2: ec2))
        }
        for (id, versions) in fetched { listed[id, default: []] += versions }
        return sorted.map { template in
            Self.observedTemplate(template, versions: listed[template.launchTemplateId] ?? [], region: region)
        }
    }

    /// Versions `numbers` of a template (every version when nil). A pinned number the template does not have
    /// (any error naming the version) falls back to every version, so nothing pinned is missed.
    static func versions(of id: String, numbers: [Int]?, ec2: EC2) async throws -> [EC2.LaunchTemplateVersion] {
        guard let numbers else {
            return try await ec2.describeLaunchTemplateVersions(.init(template: .id(id)))
        }
        do {
            return try await ec2.describeLaunchTemplateVersions(
                .init(template: .id(id), versions: numbers.map { .number($0) }))
        } catch let error as AWSError where error.code.hasPrefix("InvalidLaunchTemplate") {
            return try await ec2.describeLaunchTemplateVersions(.init(template: .id(id)))
        }
    }

    /// Template id → the version numbers groups here pin by number (their own template, the mixed-instances
    /// policy's and its overrides'); a template named by name is matched in `templates`.
    static func pinnedVersions(
        groups: [AutoScaling.AutoScalingGroup], templates: [EC2.LaunchTemplate]
    ) -> [String: Set<Int>] {
        var pinned: [String: Set<Int>] = [:]
        for group in groups {
            for specification in group.launchTemplates {
                guard let number = specification.version.flatMap({ Int($0) }) else { continue }
                let template = templates.first { template in
                    specification.launchTemplateId.map { template.launchTemplateId == $0 }
                        ?? (template.launchTemplateName == specification.launchTemplateName)
                }
                if let template { pinned[template.launchTemplateId, default: []].insert(number) }
            }
        }
        return pinned
    }

    /// A template as the planner sees it, with the versions read (each number once).
    static func observedTemplate(
        _ template: EC2.LaunchTemplate, versions: [EC2.LaunchTemplateVersion], region: String
    ) -> ObservedLaunchTemplate {
        var byNumber: [Int: EC2.LaunchTemplateVersion] = [:]
        for version in versions { byNumber[version.versionNumber] = version }
        let observed = byNumber.values.map {
            LaunchTemplateVersion(
                number: $0.versionNumber, imageId: $0.launchTemplateData?.imageId, description: $0.versionDescription)
        }.sorted { $0.number < $1.number }
        let latest = template.latestVersionNumber ?? observed.last?.number ?? 0
        let fallbackDefault = byNumber.values.first { $0.defaultVersion == true }?.versionNumber ?? latest
        return ObservedLaunchTemplate(
            id: template.launchTemplateId, name: template.launchTemplateName ?? template.launchTemplateId,
            region: region, defaultVersion: template.defaultVersionNumber ?? fallbackDefault,
            latestVersion: latest, versions: observed)
    }
}
