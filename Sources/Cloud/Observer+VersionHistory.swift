import AWS
import Foundation
import Planner

// MARK: - Every version of a template, only when a prune may need it

extension Observer {
    /// Reads every version of the launch templates that images which may prune this cycle roll out to, so the
    /// planner can delete the old versions Kiln created there. A steady state has none, so no call: the region
    /// observation read only the latest, default and pinned versions. A template whose versions cannot be read
    /// fails its region (nothing there is decided on a partial view).
    func addVersionHistories(to observation: inout Observation, desired: DesiredState) async {
        let actual = observation.actual
        let wanted = Self.templatesNeedingHistory(desired: desired, actual: actual, now: now())
        guard !wanted.isEmpty else { return }
        let client = self.client
        let perPage = configuration.pageSizes.launchTemplates
        // Only cancellation ends the map early; the templates then keep the versions already observed.
        let limit = max(1, configuration.maxConcurrentCalls)
        guard
            let results = try? await concurrentMap(
                wanted, limit: limit,
                { template in
                    await Self.everyVersion(of: template, client: client, perPage: perPage)
                })
        else { return }
        for (template, result) in zip(wanted, results) {
            guard
                let index = observation.actual.launchTemplates.firstIndex(where: {
                    $0.region == template.region && $0.id == template.id
                })
            else { continue }
            switch result {
            case .success(let versions):
                let current = observation.actual.launchTemplates[index]
                let full = AWSVersionMapping.template(current, versions: versions)
                observation.actual.launchTemplates[index] = full
            case .failure(let error):
                observation.actual.failedRegions.insert(template.region)
                observation.regionFailures[template.region] = observation.regionFailures[template.region] ?? error
            }
        }
    }

    /// Every version of one template, or why it could not be read.
    static func everyVersion(
        of template: TemplateKey, client: AWSClient, perPage: Int
    ) async -> Result<[EC2.LaunchTemplateVersion], CloudError> {
        do {
            let ec2 = EC2(client: client, region: template.region)
            return .success(
                try await ec2.describeLaunchTemplateVersions(.init(template: .id(template.id), maxResults: perPage)))
        } catch {
            return .failure(
                CloudError.wrap(error, operation: "describeLaunchTemplateVersions", region: template.region))
        }
    }

    /// A template in a region.
    struct TemplateKey: Sendable, Hashable {
        var region: String
        var id: String
    }

    /// The observed templates (by region and name) that desired images roll out to when that image has a version
    /// of ours the planner may deregister: not desired, not pinned, beyond the newest `keep`, every AMI older than
    /// `minAge`. The planner's other protections only keep more, so this never misses a prune.
    static func templatesNeedingHistory(desired: DesiredState, actual: ActualState, now: Date) -> [TemplateKey] {
        var wanted: Set<TemplateKey> = []
        let ours = actual.images.filter { Ownership.isOurs($0, owner: desired.owner, account: actual.accountId) }
        let byImage = Dictionary(grouping: ours) { $0.tags[KilnTag.image] ?? "" }
        for image in desired.images where !desired.invalidImageNames.contains(image.name) {
            let amis = byImage[image.name] ?? []
            let byVersion = Dictionary(grouping: amis.filter { $0.tags[KilnTag.version] != nil }) {
                $0.tags[KilnTag.version].flatMap(SemanticVersion.init)
            }
            let versions = byVersion.keys.compactMap { $0 }.sorted(by: >)
            let newest = image.retired ? [] : Array(versions.prefix(max(image.retention.keep, 0)))
            let prunable = versions.contains { version in
                (image.retired || version != image.version) && !image.retention.pinned.contains(version)
                    && !newest.contains(version)
                    && (byVersion[version] ?? []).allSatisfy {
                        $0.creationDate <= now.addingTimeInterval(-image.retention.minAge.timeInterval)
                    }
            }
            guard prunable else { continue }
            for target in image.rollout.launchTemplates {
                for template in actual.launchTemplates
                where template.region == target.region
                    && template.name == target.name && !actual.failedRegions.contains(template.region)
                {
                    wanted.insert(TemplateKey(region: template.region, id: template.id))
                }
            }
        }
        return wanted.sorted { ($0.region, $0.id) < ($1.region, $1.id) }
    }
}

/// Maps listed versions onto an observed template.
enum AWSVersionMapping {
    /// `template` with `versions` (each number once) in place of the versions it had.
    static func template(
        _ template: ObservedLaunchTemplate, versions: [EC2.LaunchTemplateVersion]
    ) -> ObservedLaunchTemplate {
        var byNumber: [Int: LaunchTemplateVersion] = [:]
        for version in template.versions { byNumber[version.number] = version }
        for version in versions {
            byNumber[version.versionNumber] = LaunchTemplateVersion(
                number: version.versionNumber, imageId: version.launchTemplateData?.imageId,
                description: version.versionDescription)
        }
        var full = template
        full.versions = byNumber.values.sorted { $0.number < $1.number }
        return full
    }
}
