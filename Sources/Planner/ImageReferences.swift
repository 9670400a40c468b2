import Foundation

// MARK: - What keeps an AMI in use

/// Every reference to an AMI that makes it unsafe to deregister.
enum ImageReferences {
    /// AMI id → why it is in use: instances (any state but terminated), the default and latest
    /// version of every launch template, every launch-template version a group pins (its own, its
    /// mixed-instances policy's and the overrides'), every launch configuration, every SSM parameter.
    static func collect(in actual: ActualState) -> [String: [String]] {
        var references: [String: Set<String>] = [:]
        func add(_ imageId: String?, _ reason: String) {
            guard let imageId, !imageId.isEmpty else { return }
            references[imageId, default: []].insert(reason)
        }
        for instance in actual.instances where instance.state != .terminated {
            add(instance.imageId, "used by instance \(instance.id) (\(instance.state)) in \(instance.region)")
        }
        for template in actual.launchTemplates {
            add(
                template.version(template.defaultVersion)?.imageId,
                "referenced by the default version \(template.defaultVersion) of launch template \(template.name)")
            add(
                template.version(template.latestVersion)?.imageId,
                "referenced by the latest version \(template.latestVersion) of launch template \(template.name)")
        }
        for group in actual.autoScalingGroups {
            for reference in group.launchTemplateReferences {
                guard let (template, number) = resolve(reference, region: group.region, in: actual) else { continue }
                add(
                    template.version(number)?.imageId,
                    "referenced by version \(number) of launch template \(template.name), pinned by group \(group.name)"
                )
            }
        }
        for configuration in actual.launchConfigurations {
            add(configuration.imageId, "referenced by launch configuration \(configuration.name)")
        }
        for parameter in actual.parameters {
            add(parameter.imageId, "referenced by SSM parameter \(parameter.name) in \(parameter.region)")
        }
        return references.mapValues { $0.sorted() }
    }

    /// The template and version number a group's reference names.
    static func resolve(
        _ reference: LaunchTemplateReference, region: String, in actual: ActualState
    ) -> (ObservedLaunchTemplate, Int)? {
        let template = actual.launchTemplates.filter { $0.region == region }.sorted { $0.id < $1.id }.first {
            (reference.id != nil && $0.id == reference.id) || (reference.id == nil && $0.name == reference.name)
        }
        guard let template else { return nil }
        switch reference.version {
        case nil, "$Default": return (template, template.defaultVersion)
        case "$Latest": return (template, template.latestVersion)
        case let text?:
            guard let number = Int(text) else { return nil }
            return (template, number)
        }
    }
}
