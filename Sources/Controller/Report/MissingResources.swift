import Planner

// MARK: - What the manifests name that AWS lacks

/// Finds rollout targets and sources the manifests name that do not exist, in regions observed successfully.
enum MissingResources {
    static func find(desired: DesiredState, actual: ActualState) -> [MissingResource] {
        var missing: [MissingResource] = []
        for image in desired.images where !image.retired && !desired.invalidImageNames.contains(image.name) {
            missing += rolloutTargets(of: image, in: actual)
            missing += source(of: image, in: actual)
        }
        return missing
    }

    private static func rolloutTargets(of image: DesiredImage, in actual: ActualState) -> [MissingResource] {
        var missing: [MissingResource] = []
        func add(_ kind: MissingResource.Kind, _ name: String, _ region: String) {
            let resource = MissingResource(kind: kind, name: name, region: region, image: image.name)
            if !missing.contains(resource) { missing.append(resource) }
        }
        func group(_ name: String, _ region: String) -> ObservedAutoScalingGroup? {
            actual.autoScalingGroups.first { $0.name == name && $0.region == region }
        }
        for target in image.rollout.launchTemplates where actual.isKnown(target.region) {
            if !actual.launchTemplates.contains(where: { $0.name == target.name && $0.region == target.region }) {
                add(.launchTemplate, target.name, target.region)
            }
            if let refresh = target.refresh, group(refresh.autoScalingGroup, target.region) == nil {
                add(.autoScalingGroup, refresh.autoScalingGroup, target.region)
            }
        }
        for target in image.rollout.launchConfigurations where actual.isKnown(target.region) {
            guard let found = group(target.autoScalingGroup, target.region) else {
                add(.autoScalingGroup, target.autoScalingGroup, target.region)
                continue
            }
            if found.launchConfigurationName == nil {
                add(.launchConfiguration, target.autoScalingGroup, target.region)
            }
        }
        return missing
    }

    private static func source(of image: DesiredImage, in actual: ActualState) -> [MissingResource] {
        let region = image.build.region
        guard actual.isKnown(region) else { return [] }
        let query: SourceQuery
        let name: String
        switch image.source {
        case .image:
            return []
        case .ami(let ids):
            guard let id = ids[region] else { return [] }
            query = .imageId(id)
            name = id
        case .filter(let filter):
            query = .filter(filter)
            name = filter.name
        }
        let lookups = actual.sourceLookups.filter { $0.region == region && $0.query.normalized == query.normalized }
        guard !lookups.isEmpty else { return [] }
        let found = lookups.flatMap(\.candidates).contains { candidate in
            guard candidate.state == .available else { return false }
            if case .imageId(let id) = query { return candidate.id == id }
            return true
        }
        return found ? [] : [MissingResource(kind: .sourceImage, name: name, region: region, image: image.name)]
    }
}
