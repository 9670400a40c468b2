import AWS
import Foundation
import Planner

// MARK: - In use, read afresh right before a deregistration

extension Executor {
    /// Why the image may be neither disabled nor deregistered, read now: not ours by evidence, shared by hand, used
    /// by an instance that is not terminated, by a launch configuration or by a launch template (see
    /// `launchTemplateUse`); nil when it may.
    func retirementRefusal(_ image: EC2.Image, region: String) async throws -> String? {
        let imageId = image.imageId
        if let refusal = try await imageRefusal(image, region: region) { return refusal }
        if image.isDeregistrationProtected { return "image \(imageId) has deregistration protection" }
        if let refusal = try await sharedByHand(image, region: region) { return refusal }
        let instances = try await ec2(region).describeInstances(
            .init(filters: [.init(name: "image-id", values: [imageId])]))
        if let user = instances.first(where: { $0.imageId == imageId && $0.state?.name != "terminated" }) {
            return "instance \(user.instanceId) (\(user.state?.name ?? "unknown")) uses image \(imageId)"
        }
        let configurations = try await autoScaling(region).describeLaunchConfigurations(.init())
        if let user = configurations.first(where: { $0.imageId == imageId }) {
            return "launch configuration \(user.launchConfigurationName) uses image \(imageId)"
        }
        return try await launchTemplateUse(of: imageId, region: region)
    }

    /// Why `imageId` is in use by a launch template, read now: the default or latest version of any template in
    /// the region, or a version an Auto Scaling group pins (its own, its mixed-instances policy's or an override's,
    /// `$Default` and `$Latest` resolved); nil when none uses it.
    func launchTemplateUse(of imageId: String, region: String) async throws -> String? {
        let ec2 = ec2(region)
        let templates = try await ec2.describeLaunchTemplates(.init())
        let groups = try await autoScaling(region).describeAutoScalingGroups(.init())
        for template in templates.sorted(by: { $0.launchTemplateId < $1.launchTemplateId }) {
            var numbers: [Int: String] = [:]
            if let number = template.defaultVersionNumber { numbers[number] = "the default version" }
            if let number = template.latestVersionNumber { numbers[number] = numbers[number] ?? "the latest version" }
            for group in groups {
                for reference in group.launchTemplates where Self.names(reference, template) {
                    let number: Int? =
                        switch reference.version {
                        case nil, "$Default": template.defaultVersionNumber
                        case "$Latest": template.latestVersionNumber
                        case let text?: Int(text)
                        }
                    if let number {
                        numbers[number] = "version \(number), pinned by group \(group.autoScalingGroupName)"
                    }
                }
            }
            // Default and latest unknown: every version counts (fail closed).
            let asked = numbers.keys.sorted()
            let versions = try await ec2.describeLaunchTemplateVersions(
                .init(
                    template: .id(template.launchTemplateId),
                    versions: asked.isEmpty ? nil : asked.map { EC2.TemplateVersion.number($0) }))
            if let user = versions.first(where: { $0.launchTemplateData?.imageId == imageId }) {
                let why = numbers[user.versionNumber] ?? "version \(user.versionNumber)"
                return "\(why) of launch template \(template.launchTemplateName ?? template.launchTemplateId) "
                    + "uses image \(imageId)"
            }
        }
        return nil
    }

    /// Why the image must stay because someone other than Kiln shared it: a launch permission for an account
    /// Kiln did not record in `kiln:shared-with`, or for a group (`all`); nil when Kiln granted every one.
    func sharedByHand(_ image: EC2.Image, region: String) async throws -> String? {
        let recorded = KilnRecord.values(in: image.tags.dictionary, key: KilnTag.sharedWith) ?? []
        let permissions = try await ec2(region).describeLaunchPermissions(imageId: image.imageId)
        let foreign =
            permissions.compactMap(\.userId).filter { !recorded.contains($0) }
            + permissions.compactMap(\.group).map { "group \($0)" }
        guard !foreign.isEmpty else { return nil }
        return "image \(image.imageId) is shared with \(Set(foreign).sorted().joined(separator: ", ")), "
            + "which Kiln did not grant"
    }

    private static func names(_ reference: AutoScaling.LaunchTemplateSpecification, _ template: EC2.LaunchTemplate)
        -> Bool
    {
        if let id = reference.launchTemplateId { return id == template.launchTemplateId }
        return reference.launchTemplateName != nil && reference.launchTemplateName == template.launchTemplateName
    }
}
