import AWS
import Foundation
import Planner

// MARK: - Bake: builder, steps, image, copies, shares

extension Executor {
    /// RunInstances with the bake's ClientToken (a retry returns the same instance), IMDSv2 required, the
    /// root volume encrypted as the manifest says, no public address unless asked, tags on the instance
    /// and its volumes.
    func launchBuilder(_ launch: LaunchBuilder, region: String) async throws -> Effect {
        let ec2 = ec2(region)
        var rootDevice = launch.rootDeviceName
        if rootDevice == nil {
            rootDevice = try await ec2.describeImages(.init(imageIds: [launch.sourceImageId])).first?.rootDeviceName
        }
        guard let rootDevice else {
            throw CloudError.unexpected(
                "source image \(launch.sourceImageId) has no root device name", operation: "launchBuilder",
                region: region)
        }
        let volume = launch.rootVolume
        let ebs = EC2.EbsBlockDevice(
            deleteOnTermination: true, volumeSize: volume.sizeGiB, volumeType: volume.type.rawValue,
            kmsKeyId: volume.encrypted ? volume.kmsKey : nil, encrypted: volume.encrypted)
        let profile =
            launch.instanceProfile.hasPrefix("arn:")
            ? EC2.IamInstanceProfileSpecification(arn: launch.instanceProfile)
            : EC2.IamInstanceProfileSpecification(name: launch.instanceProfile)
        let interface = EC2.InstanceNetworkInterfaceSpecification(
            deviceIndex: 0, associatePublicIpAddress: launch.associatePublicIp, deleteOnTermination: true,
            subnetId: launch.subnetId, groups: launch.securityGroupIds.isEmpty ? nil : launch.securityGroupIds)
        let tags = launch.tags.ec2Tags
        let request = EC2.RunInstancesRequest(
            imageId: launch.sourceImageId, instanceType: launch.instanceType, iamInstanceProfile: profile,
            blockDeviceMappings: [EC2.BlockDeviceMapping(deviceName: rootDevice, ebs: ebs)],
            metadataOptions: EC2.InstanceMetadataOptionsRequest(httpTokens: "required", httpEndpoint: "enabled"),
            networkInterfaces: [interface],
            tagSpecifications: Self.specifications(["instance", "volume"], tags),
            clientToken: launch.clientToken.value)
        let reservation = try await ec2.runInstances(request)
        guard let instance = reservation.instances.first else {
            throw CloudError.unexpected("RunInstances returned no instance", operation: "launchBuilder", region: region)
        }
        return Effect(.done, instanceId: instance.instanceId)
    }

    /// SendCommand `AWS-RunShellScript`, then tag the builder with the step, its phase and the command id.
    func sendStepCommand(_ step: SendStepCommand, region: String) async throws -> Effect {
        if let outcome = try await refusalToActOnBuilder(step.instanceId, region: region) {
            guard case .refused = outcome.status else {
                throw CloudError.unexpected(
                    "builder \(step.instanceId) is gone", operation: "sendStepCommand \(step.step)", region: region)
            }
            return outcome
        }
        let request = SSM.SendCommandRequest.runShellScript(
            instanceId: step.instanceId, commands: [step.script],
            executionTimeout: max(1, Int(step.timeout.rounded(.up))),
            comment: String(step.comment.prefix(100)))
        let command = try await ssm(region).sendCommand(request)
        var tags = step.builderTags
        tags[KilnTag.step] = step.step
        tags[KilnTag.command] = command.commandId
        tags[StepCommandTag.key(step: step.step)] = command.commandId
        do {
            try await ec2(region).createTags(resources: [step.instanceId], tags: tags.ec2Tags)
        } catch {
            logger.error(
                "step command sent but the builder could not be tagged",
                metadata: ["instance": "\(step.instanceId)", "command": "\(command.commandId)", "region": "\(region)"])
            throw error
        }
        return Effect(.done, commandId: command.commandId)
    }

    /// Tag the builder, then StopInstances (a builder already stopping or stopped needs nothing).
    func stopBuilder(_ instanceId: String, tags: [String: String], region: String) async throws -> Effect {
        let ec2 = ec2(region)
        if let outcome = try await refusalToActOnBuilder(instanceId, region: region) { return outcome }
        if !tags.isEmpty { try await ec2.createTags(resources: [instanceId], tags: tags.ec2Tags) }
        do {
            let changes = try await ec2.stopInstances(instanceIds: [instanceId])
            try Self.checkStateChange(changes, instanceId: instanceId, operation: "stopInstances", region: region)
            let previous = changes.first { $0.instanceId == instanceId }?.previousState?.name
            let already = previous == "stopped" || previous == "stopping"
            return Effect(already ? .alreadyDone : .done, instanceId: instanceId)
        } catch let error as AWSError where error.code == AWSCodes.incorrectInstanceState {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance cannot be stopped now")
        }
    }

    /// Tag the failed builder (`failed-kept`), then stop it; it is never terminated.
    func keepFailedBuilder(_ instanceId: String, tags: [String: String], region: String) async throws -> Effect {
        try await stopBuilder(instanceId, tags: tags, region: region)
    }

    // MARK: - Image

    /// CreateImage (no reboot) with tags for the image and (unless configured off) its snapshots, then tag
    /// the builder. An image of ours with the same name is the result of an earlier attempt: it is returned.
    func createImage(_ create: CreateImage, region: String) async throws -> Effect {
        let ec2 = ec2(region)
        var specifications = Self.specifications(["image"], create.imageTags.ec2Tags) ?? []
        if configuration.tagSnapshotsOnCreateImage {
            specifications += Self.specifications(["snapshot"], create.snapshotTags.ec2Tags) ?? []
        }
        let request = EC2.CreateImageRequest(
            instanceId: create.instanceId, name: create.name, description: create.description, noReboot: true,
            tagSpecifications: specifications.isEmpty ? nil : specifications)
        var outcome: Effect
        if let existing = try await ourImage(named: create.name, in: region, operation: "createImage") {
            outcome = Effect(.alreadyDone, imageId: existing, detail: "an image named \(create.name) exists")
        } else {
            do {
                outcome = Effect(.done, imageId: try await ec2.createImage(request))
            } catch let error as AWSError where error.code == AWSCodes.duplicateImageName {
                guard let existing = try await ourImage(named: create.name, in: region, operation: "createImage")
                else { throw CloudError.aws(error, operation: "createImage \(create.name)", region: region) }
                outcome = Effect(.alreadyDone, imageId: existing, detail: "an image named \(create.name) exists")
            }
        }
        if !create.builderTags.isEmpty {
            try await ec2.createTags(resources: [create.instanceId], tags: create.builderTags.ec2Tags)
        }
        return outcome
    }

    /// CreateTags on the snapshots.
    func tagSnapshots(_ snapshotIds: [String], tags: [String: String], region: String) async throws -> Effect {
        guard !snapshotIds.isEmpty, !tags.isEmpty else { return Effect(.alreadyDone) }
        try await ec2(region).createTags(resources: snapshotIds, tags: tags.ec2Tags)
        return Effect(.done)
    }
    /// CopyImage into `region` with the bake's ClientToken and tags; the copy is tagged again after the
    /// call, so it carries Kiln's tags even where the copy's tag specifications were not applied.
    func copyImage(_ copy: CopyImage, region: String) async throws -> Effect {
        let ec2 = ec2(region)
        let tags = copy.tags.ec2Tags
        let request = EC2.CopyImageRequest(
            sourceImageId: copy.sourceImageId, sourceRegion: copy.sourceRegion, name: copy.name,
            description: copy.description, encrypted: copy.encrypted, kmsKeyId: copy.encrypted ? copy.kmsKeyId : nil,
            clientToken: copy.clientToken.value,
            tagSpecifications: Self.specifications(["image", "snapshot"], tags))
        var outcome: Effect
        do {
            outcome = Effect(.done, imageId: try await ec2.copyImage(request))
        } catch let error as AWSError where error.code == AWSCodes.duplicateImageName {
            guard let existing = try await ourImage(named: copy.name, in: region, operation: "copyImage") else {
                throw CloudError.aws(error, operation: "copyImage \(copy.name)", region: region)
            }
            outcome = Effect(.alreadyDone, imageId: existing, detail: "an image named \(copy.name) exists")
        }
        if let imageId = outcome.imageId, !tags.isEmpty {
            try await ec2.createTags(resources: [imageId], tags: tags)
        }
        return outcome
    }
    /// Tag specifications for these resource types; nil without tags (EC2 rejects an empty specification).
    static func specifications(_ types: [String], _ tags: [EC2.Tag]) -> [EC2.TagSpecification]? {
        guard !tags.isEmpty else { return nil }
        return types.map { EC2.TagSpecification(resourceType: $0, tags: tags) }
    }

    /// The id of the image of ours named `name` (not deregistered), nil when there is none; an image of
    /// another owner with that name is an error.
    func ourImage(named name: String, in region: String, operation: String) async throws -> String? {
        let found = try await ec2(region).describeImages(
            .init(owners: ["self"], filters: [.init(name: "name", values: [name])], includeDisabled: true))
        guard let image = found.first(where: { $0.state != "deregistered" && $0.name == name }) else { return nil }
        guard image.tags[tag: KilnTag.owner] == owner else {
            throw CloudError.unexpected(
                "the image named \(name) (\(image.imageId)) is not owned by this controller", operation: operation,
                region: region)
        }
        return image.imageId
    }
}
