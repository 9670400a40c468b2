import AWS
import Foundation
import Planner

// MARK: - Rollout: launch template versions, instance refreshes, parameters

extension Executor {
    /// CreateLaunchTemplateVersion from the source version with only ImageId changed. A version created
    /// by an earlier attempt (same image and description, newer than the source) is returned instead.
    func createLaunchTemplateVersion(_ create: CreateLaunchTemplateVersion, region: String) async throws
        -> Effect
    {
        let ec2 = ec2(region)
        let newer = try await ec2.describeLaunchTemplateVersions(
            .init(template: .id(create.templateId), minVersion: create.sourceVersion + 1))
        if let existing = newer.filter({
            $0.versionNumber > create.sourceVersion && $0.launchTemplateData?.imageId == create.imageId
                && $0.versionDescription == create.description
        }).max(by: { $0.versionNumber < $1.versionNumber }) {
            return Effect(
                .alreadyDone, launchTemplateVersion: existing.versionNumber,
                detail: "version \(existing.versionNumber) of \(create.templateName) already uses \(create.imageId)")
        }
        let token = ClientToken(
            input: "kiln-ltv|\(owner)|\(create.templateId)|\(create.sourceVersion)|\(create.imageId)")
        let version = try await ec2.createLaunchTemplateVersion(
            .init(
                template: .id(create.templateId), sourceVersion: .number(create.sourceVersion),
                versionDescription: create.description,
                launchTemplateData: EC2.RequestLaunchTemplateData(imageId: create.imageId), clientToken: token.value))
        return Effect(.done, launchTemplateVersion: version.versionNumber)
    }

    /// ModifyLaunchTemplate: `version` becomes the default.
    func setDefaultVersion(templateId: String, version: Int, region: String) async throws -> Effect {
        let template = try await ec2(region).modifyLaunchTemplate(.id(templateId), defaultVersion: .number(version))
        if let now = template.defaultVersionNumber, now != version {
            throw CloudError.unexpected(
                "the default version is \(now) after setting \(version)",
                operation: "setDefaultLaunchTemplateVersion \(templateId)", region: region)
        }
        return Effect(.done, launchTemplateVersion: version)
    }

    /// StartInstanceRefresh; a refresh already in progress is left to finish.
    func startInstanceRefresh(_ refresh: StartInstanceRefresh, region: String) async throws -> Effect {
        let preferences = AutoScaling.RefreshPreferences(
            minHealthyPercentage: refresh.minHealthyPercentage,
            instanceWarmup: refresh.instanceWarmup.map { Int($0.rounded()) })
        do {
            let id = try await autoScaling(region).startInstanceRefresh(
                .init(autoScalingGroupName: refresh.autoScalingGroup, preferences: preferences))
            return Effect(.done, instanceRefreshId: id)
        } catch let error as AWSError where error.code == AWSCodes.refreshInProgress {
            return Effect(
                .alreadyDone, detail: "an instance refresh of \(refresh.autoScalingGroup) is already in progress")
        }
    }

    /// PutParameter: String, data type `aws:ec2:image`, overwritten.
    func putParameter(_ name: String, value: String, region: String) async throws -> Effect {
        try await ssm(region).putParameter(.imageID(name: name, imageId: value))
        return Effect(.done, imageId: value)
    }
}
