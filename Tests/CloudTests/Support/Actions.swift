import AWS
import Cloud
import Foundation
import Planner
import Testing

/// Actions as the planner would hand them over, for image `api` 1.0.0.
enum Actions {
    static let version = SemanticVersion("1.0.0")

    static func make(_ kind: ActionKind, region: String, image: String? = "api") -> Action {
        Action(kind, reason: "test", image: image, version: version, region: region)
    }

    /// The builder launch the planner plans for the first attempt of `api` 1.0.0.
    static func launch(owner: String, source: String = World.baseImage) -> LaunchBuilder {
        let tags = [
            KilnTag.owner: owner, KilnTag.image: "api", KilnTag.version: "1.0.0", KilnTag.recipe: World.recipe,
            KilnTag.commit: "0123456789abcdef", KilnTag.sourceAMI: source, KilnTag.role: "builder",
            KilnTag.attempt: "1", KilnTag.phase: "launching", "Name": "kiln builder api 1.0.0",
        ]
        return LaunchBuilder(
            sourceImageId: source, instanceType: "t3.small", securityGroupIds: [],
            instanceProfile: CloudHarness.instanceProfile,
            rootVolume: RootVolume(sizeGiB: 16, type: .gp3, encrypted: true), associatePublicIp: false, tags: tags,
            clientToken: ClientToken.builder(
                owner: owner, image: "api", versionText: "1.0.0", recipe: World.recipe, attemptText: "1"),
            attempt: 1)
    }

    static func step(instance: String, step: String, script: String, tags: [String: String]) -> SendStepCommand {
        SendStepCommand(
            instanceId: instance, step: step, script: script, timeout: 600, comment: "kiln step \(step)",
            builderTags: tags)
    }

    static func createImage(
        instance: String, name: String, imageTags: [String: String], builderTags: [String: String] = [:]
    ) -> CreateImage {
        CreateImage(
            instanceId: instance, name: name, description: "Kiln \(name)", imageTags: imageTags,
            snapshotTags: imageTags, builderTags: builderTags)
    }

    static func copy(image: String, from region: String, name: String, tags: [String: String], token: String)
        -> CopyImage
    {
        CopyImage(
            sourceImageId: image, sourceRegion: region, name: name, description: "copy of \(image)", tags: tags,
            encrypted: true, clientToken: ClientToken(input: token))
    }

    static func templateVersion(template: String, name: String, source: Int, image: String)
        -> CreateLaunchTemplateVersion
    {
        CreateLaunchTemplateVersion(
            templateId: template, templateName: name, sourceVersion: source, imageId: image,
            description: "kiln:api/1.0.0")
    }

    static func refresh(group: String, minHealthy: Int, warmup: TimeInterval?) -> StartInstanceRefresh {
        StartInstanceRefresh(autoScalingGroup: group, minHealthyPercentage: minHealthy, instanceWarmup: warmup)
    }

    static func replace(
        group: String, current: String, new: String, image: String, createNew: Bool = true, deleteCurrent: Bool = true
    ) -> ReplaceLaunchConfiguration {
        ReplaceLaunchConfiguration(
            autoScalingGroup: group, currentName: current, newName: new, imageId: image, createNew: createNew,
            deleteCurrentWhenUnused: deleteCurrent)
    }

    static func failure() throws -> BakeFailure {
        BakeFailure(
            image: "api", version: try #require(version), recipe: World.recipe, attempt: 1, error: "step failed",
            at: Date(timeIntervalSince1970: 0))
    }
}

extension Array where Element == EC2.Tag {
    /// The tags as a dictionary.
    var dictionary: [String: String] { reduce(into: [:]) { $0[$1.key] = $1.value } }
}
