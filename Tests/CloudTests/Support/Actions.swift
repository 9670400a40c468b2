// moto checks SigV4 signatures over a form body it re-encodes itself (a space becomes "+", where Kiln
// sends "%20"), so query-protocol values in these tests avoid spaces.

import AWS
import Cloud
import Foundation
import Planner

/// Actions as the planner would hand them over, for image `api` 1.0.0.
///
/// The planner's payload types have no public initialisers; they are `Codable`, so tests build them from
/// their JSON form.
enum Actions {
    static let version = SemanticVersion("1.0.0")

    static func make(_ kind: ActionKind, region: String, image: String? = "api") -> Action {
        Action(kind, reason: "test", image: image, version: version, region: region)
    }

    /// Decodes a planner payload from its JSON fields.
    static func payload<T: Decodable>(_ type: T.Type, _ fields: [String: Any]) throws -> T {
        let data = try JSONSerialization.data(withJSONObject: fields)
        return try JSONDecoder().decode(T.self, from: data)
    }

    static func token(_ input: String) -> [String: Any] {
        let token = ClientToken(input: input)
        return ["input": token.input, "value": token.value]
    }

    /// The builder launch the planner plans for the first attempt of `api` 1.0.0.
    static func launch(owner: String, source: String = World.baseImage) throws -> LaunchBuilder {
        let tags = [
            KilnTag.owner: owner, KilnTag.image: "api", KilnTag.version: "1.0.0", KilnTag.recipe: World.recipe,
            KilnTag.commit: "0123456789abcdef", KilnTag.sourceAMI: source, KilnTag.role: "builder",
            KilnTag.attempt: "1", KilnTag.phase: "launching", KilnTag.since: "2026-01-02T03:04:05Z",
            "Name": "kiln-builder-api-1.0.0",
        ]
        return try payload(
            LaunchBuilder.self,
            [
                "sourceImageId": source, "instanceType": "t3.small", "securityGroupIds": [String](),
                "instanceProfile": CloudHarness.instanceProfile,
                "rootVolume": ["sizeGiB": 16, "type": "gp3", "encrypted": true],
                "requireIMDSv2": true, "associatePublicIp": false, "tags": tags,
                "clientToken": token("kiln-builder|\(owner)|api|1.0.0|1"), "attempt": 1,
            ])
    }

    static func step(instance: String, step: String, script: String, tags: [String: String]) throws -> SendStepCommand {
        try payload(
            SendStepCommand.self,
            [
                "instanceId": instance, "step": step, "script": script, "timeout": 600, "comment": "kiln step \(step)",
                "builderTags": tags,
            ])
    }

    static func createImage(
        instance: String, name: String, imageTags: [String: String], builderTags: [String: String] = [:]
    ) throws -> CreateImage {
        try payload(
            CreateImage.self,
            [
                "instanceId": instance, "name": name, "description": "Kiln-\(name)", "imageTags": imageTags,
                "snapshotTags": imageTags, "builderTags": builderTags,
            ])
    }

    static func copy(image: String, from region: String, name: String, tags: [String: String], token input: String)
        throws -> CopyImage
    {
        try payload(
            CopyImage.self,
            [
                "sourceImageId": image, "sourceRegion": region, "name": name, "description": "copy-of-\(image)",
                "tags": tags, "encrypted": true, "clientToken": token(input),
            ])
    }

    static func templateVersion(template: String, name: String, source: Int, image: String) throws
        -> CreateLaunchTemplateVersion
    {
        try payload(
            CreateLaunchTemplateVersion.self,
            [
                "templateId": template, "templateName": name, "sourceVersion": source, "imageId": image,
                "description": "kiln:api/1.0.0",
            ])
    }

    static func refresh(group: String, minHealthy: Int, warmup: Double?) throws -> StartInstanceRefresh {
        var fields: [String: Any] = ["autoScalingGroup": group, "minHealthyPercentage": minHealthy]
        if let warmup { fields["instanceWarmup"] = warmup }
        return try payload(StartInstanceRefresh.self, fields)
    }

    static func replace(
        group: String, current: String, new: String, image: String, createNew: Bool = true, deleteCurrent: Bool = true
    ) throws -> ReplaceLaunchConfiguration {
        try payload(
            ReplaceLaunchConfiguration.self,
            [
                "autoScalingGroup": group, "currentName": current, "newName": new, "imageId": image,
                "createNew": createNew, "deleteCurrentWhenUnused": deleteCurrent,
            ])
    }
}

extension Array where Element == EC2.Tag {
    /// The tags as a dictionary.
    var dictionary: [String: String] { reduce(into: [:]) { $0[$1.key] = $1.value } }
}
