import AWS
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Seeds resources in one region with the administrator's client: each test uses its own regions.
struct World: Sendable {
    let harness: CloudHarness
    let region: String
    let owner: String

    /// An Amazon Linux image moto offers in every region (root device `/dev/xvda`).
    static let baseImage = "ami-760aaa0f"

    var ec2: EC2 { EC2(client: harness.admin, region: region) }
    var autoScaling: AutoScaling { AutoScaling(client: harness.admin, region: region) }
    var ssm: SSM { SSM(client: harness.admin, region: region) }

    // MARK: - Instances and images

    /// Launches one instance (any tags); returns its id. An instance tagged as a builder is launched with the
    /// client token Kiln derives from its tags, as Kiln launches builders, unless `clientToken` says otherwise.
    func launch(
        tags: [String: String] = [:], image: String = World.baseImage, clientToken: String? = nil
    ) async throws -> String {
        let tagList = [EC2.Tag](tags)
        var token = clientToken
        if token == nil, tags[KilnTag.role] == "builder", let owner = tags[KilnTag.owner],
            let name = tags[KilnTag.image], let version = tags[KilnTag.version], let recipe = tags[KilnTag.recipe]
        {
            token =
                ClientToken.builder(
                    owner: owner, image: name, versionText: version, recipe: recipe,
                    attemptText: tags[KilnTag.attempt] ?? "1"
                ).value
        }
        let reservation = try await ec2.runInstances(
            .init(
                imageId: image, instanceType: "t3.micro",
                tagSpecifications: tagList.isEmpty ? nil : [.init(resourceType: "instance", tags: tagList)],
                clientToken: token))
        return try #require(reservation.instances.first?.instanceId)
    }

    /// Kiln's tags of an image of ours.
    func kilnTags(image: String, version: String, recipe: String = World.recipe) -> [String: String] {
        [
            KilnTag.owner: owner, KilnTag.image: image, KilnTag.version: version, KilnTag.recipe: recipe,
            KilnTag.commit: "0123456789abcdef", "team": "test",
        ]
    }

    static let recipe = String(repeating: "ab", count: 32)

    /// Creates an image from `instance` with these tags; returns its id.
    func createImage(name: String, from instance: String, tags: [String: String]) async throws -> String {
        let tagList = [EC2.Tag](tags)
        return try await ec2.createImage(
            .init(
                instanceId: instance, name: name,
                tagSpecifications: tagList.isEmpty ? nil : [.init(resourceType: "image", tags: tagList)]))
    }

    /// Creates a Kiln image of ours for `image` at `version`.
    func kilnImage(_ image: String, _ version: String, from instance: String) async throws -> String {
        try await createImage(
            name: "kiln/\(image)/\(version)/abababab", from: instance, tags: kilnTags(image: image, version: version))
    }

    /// The image as EC2 describes it now.
    func describeImage(_ id: String) async throws -> EC2.Image? {
        try await ec2.describeImages(.init(imageIds: [id])).first
    }

    func describeInstance(_ id: String) async throws -> EC2.Instance? {
        try await ec2.describeInstances(.init(instanceIds: [id])).first
    }

    // MARK: - Launch templates, groups, configurations

    /// Creates a launch template whose version 1 uses `image`; returns its id.
    func launchTemplate(_ name: String, image: String = World.baseImage) async throws -> String {
        let reply = try await harness.query.call(
            "ec2", "CreateLaunchTemplate", region: region,
            [
                ("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", image),
                ("LaunchTemplateData.InstanceType", "t3.micro"),
            ])
        return try #require(reply.value("launchTemplateId"))
    }

    /// Adds a version using `image`; returns its number.
    func addVersion(to template: String, image: String, description: String? = nil) async throws -> Int {
        try await ec2.createLaunchTemplateVersion(
            .init(
                template: .id(template), sourceVersion: .number(1), versionDescription: description,
                launchTemplateData: .init(imageId: image))
        ).versionNumber
    }

    /// Creates a group on a launch template (pinned to `version`); no instances unless `capacity` > 0.
    func group(_ name: String, template: String, version: String, capacity: Int = 0) async throws {
        try await harness.query.call(
            "autoscaling", "CreateAutoScalingGroup", region: region,
            [
                ("AutoScalingGroupName", name), ("LaunchTemplate.LaunchTemplateId", template),
                ("LaunchTemplate.Version", version), ("MinSize", "0"), ("MaxSize", "4"),
                ("DesiredCapacity", String(capacity)), ("AvailabilityZones.member.1", "\(region)a"),
            ])
    }

    /// Creates a group with a mixed-instances policy: a template and an override naming another template.
    func mixedGroup(
        _ name: String, template: String, version: String, overrideTemplate: String,
        overrideVersion: String = "$Latest"
    ) async throws {
        let prefix = "MixedInstancesPolicy.LaunchTemplate."
        try await harness.query.call(
            "autoscaling", "CreateAutoScalingGroup", region: region,
            [
                ("AutoScalingGroupName", name), ("MinSize", "0"), ("MaxSize", "2"), ("DesiredCapacity", "0"),
                ("AvailabilityZones.member.1", "\(region)a"),
                (prefix + "LaunchTemplateSpecification.LaunchTemplateId", template),
                (prefix + "LaunchTemplateSpecification.Version", version),
                (prefix + "Overrides.member.1.InstanceType", "t3.small"),
                (prefix + "Overrides.member.2.InstanceType", "m5.large"),
                (prefix + "Overrides.member.2.LaunchTemplateSpecification.LaunchTemplateId", overrideTemplate),
                (prefix + "Overrides.member.2.LaunchTemplateSpecification.Version", overrideVersion),
            ])
    }

    /// Creates a launch configuration using `image`.
    func launchConfiguration(_ name: String, image: String) async throws {
        var request = AutoScaling.CreateLaunchConfigurationRequest(
            launchConfigurationName: name, imageId: image, instanceType: "t3.micro")
        request.securityGroups = ["sg-0123456789abcdef0"]
        request.userData = Data("#!/bin/sh\necho hello\n".utf8).base64EncodedString()
        request.instanceMonitoring = .init(enabled: false)
        request.metadataOptions = .init(httpTokens: "required", httpPutResponseHopLimit: 2, httpEndpoint: "enabled")
        try await autoScaling.createLaunchConfiguration(request)
    }

    /// Creates a group on a launch configuration.
    func groupOnConfiguration(_ name: String, configuration: String, capacity: Int = 0) async throws {
        try await harness.query.call(
            "autoscaling", "CreateAutoScalingGroup", region: region,
            [
                ("AutoScalingGroupName", name), ("LaunchConfigurationName", configuration), ("MinSize", "0"),
                ("MaxSize", "4"), ("DesiredCapacity", String(capacity)), ("AvailabilityZones.member.1", "\(region)a"),
            ])
    }
}
