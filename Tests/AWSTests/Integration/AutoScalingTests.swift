import AWS
import Foundation
import Testing

extension AWSIntegrationTests {
    @Suite("Auto Scaling")
    struct AutoScalingGroups {
        static let region = "eu-central-1"

        static func images(_ client: AWSClient) async throws -> (String, String) {
            let images = try await EC2(client: client, region: region).describeImages(
                .init(owners: ["099720109477"], filters: [.init(name: "name", values: ["ubuntu/images/*"])]))
            try #require(images.count >= 2)
            return (images[0].imageId, images[1].imageId)
        }

        @Test("copy a launch configuration with a new image, point the group at it, delete the old one")
        func launchConfigurationRollout() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let autoScaling = AutoScaling(client: client, region: Self.region)
                let (old, new) = try await Self.images(client)
                var original = AutoScaling.CreateLaunchConfigurationRequest(
                    launchConfigurationName: "legacy-1", imageId: old, instanceType: "t3.small")
                original.securityGroups = ["sg-0123"]
                original.userData = Data("#!/bin/sh\necho hi\n".utf8).base64EncodedString()
                original.iamInstanceProfile = AWSEnvironment.instanceProfile
                original.blockDeviceMappings = [
                    .init(deviceName: "/dev/xvda", ebs: .init(volumeSize: 20, volumeType: "gp3", encrypted: true))
                ]
                original.instanceMonitoring = .init(enabled: false)
                original.metadataOptions = .init(httpTokens: "required", httpEndpoint: "enabled")
                try await autoScaling.createLaunchConfiguration(original)
                try await autoScaling.createAutoScalingGroup(
                    .init(
                        autoScalingGroupName: "legacy", launchConfigurationName: "legacy-1", minSize: 0, maxSize: 1,
                        availabilityZones: ["\(Self.region)a"]))

                let source = try #require(
                    try await autoScaling.describeLaunchConfigurations(.init(launchConfigurationNames: ["legacy-1"]))
                        .first)
                try await autoScaling.createLaunchConfiguration(.init(copying: source, name: "legacy-2", imageId: new))
                let copy = try #require(
                    try await autoScaling.describeLaunchConfigurations(.init(launchConfigurationNames: ["legacy-2"]))
                        .first)
                #expect(copy.imageId == new)
                #expect(copy.instanceType == source.instanceType)
                #expect(copy.securityGroups == source.securityGroups)
                #expect(copy.userData == source.userData)
                #expect(copy.iamInstanceProfile == source.iamInstanceProfile)
                #expect(copy.blockDeviceMappings == source.blockDeviceMappings)
                #expect(copy.metadataOptions == source.metadataOptions)

                try await autoScaling.updateAutoScalingGroup(
                    .init(autoScalingGroupName: "legacy", launchConfigurationName: "legacy-2"))
                let group = try await autoScaling.describeAutoScalingGroups(.init(autoScalingGroupNames: ["legacy"]))
                #expect(group.map(\.launchConfigurationName) == ["legacy-2"])
                try await autoScaling.deleteLaunchConfiguration(name: "legacy-1")
                #expect(
                    try await autoScaling.describeLaunchConfigurations(.init(launchConfigurationNames: ["legacy-1"]))
                        .isEmpty)
            }
        }

        @Test("a group's launch templates include its mixed-instances policy and overrides")
        func mixedInstancesPolicy() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let autoScaling = AutoScaling(client: client, region: Self.region)
                let (old, _) = try await Self.images(client)
                let template = try await EC2(client: client, region: Self.region).createLaunchTemplate(
                    .init(
                        launchTemplateName: "mixed", launchTemplateData: .init(imageId: old, instanceType: "t3.small")))
                try await autoScaling.createAutoScalingGroup(
                    .init(
                        autoScalingGroupName: "mixed",
                        mixedInstancesPolicy: .init(
                            launchTemplate: .init(
                                launchTemplateSpecification: .init(
                                    launchTemplateId: template.launchTemplateId, version: "$Latest"),
                                overrides: [
                                    .init(instanceType: "t3.small"),
                                    .init(
                                        instanceType: "t3.large",
                                        launchTemplateSpecification: .init(launchTemplateName: "mixed", version: "1")),
                                ])),
                        minSize: 0, maxSize: 2, availabilityZones: ["\(Self.region)a"],
                        tags: [.init(key: "kiln:owner", value: "ops", propagateAtLaunch: true)]))
                let group = try #require(
                    try await autoScaling.describeAutoScalingGroups(
                        .init(filters: [.init(name: "tag:kiln:owner", values: ["ops"])])
                    ).first)
                #expect(group.autoScalingGroupName == "mixed")
                #expect(group.launchTemplates.map(\.version) == ["$Latest", "1"])
                #expect(group.tags.map(\.key) == ["kiln:owner"])
            }
        }

        @Test("DescribeLaunchConfigurations follows NextToken")
        func pagination() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let autoScaling = AutoScaling(client: client, region: "sa-east-1")
                let names = (1...5).map { "page-\($0)" }
                for name in names {
                    try await autoScaling.createLaunchConfiguration(
                        .init(launchConfigurationName: name, imageId: "ami-1e749f67", instanceType: "t3.micro"))
                }
                var sizes: [Int] = []
                for try await page in autoScaling.describeLaunchConfigurationsPages(.init(maxRecords: 2)) {
                    sizes.append(page.launchConfigurations.count)
                }
                #expect(sizes == [2, 2, 1])
                let all = try await autoScaling.describeLaunchConfigurations(.init(maxRecords: 2))
                #expect(all.map(\.launchConfigurationName).sorted() == names)
            }
        }

        @Test("instance refreshes start and are described (the proxy stands in for moto)")
        func instanceRefresh() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            environment.proxy.instanceRefreshPollsUntilSuccessful = 1
            defer { environment.proxy.instanceRefreshPollsUntilSuccessful = 0 }
            try await TestClients.with(environment.client()) { client in
                let autoScaling = AutoScaling(client: client, region: Self.region)
                let id = try await autoScaling.startInstanceRefresh(
                    .init(
                        autoScalingGroupName: "mixed",
                        preferences: .init(minHealthyPercentage: 90, skipMatching: true)))
                let first = try await autoScaling.describeInstanceRefreshes(.init(autoScalingGroupName: "mixed"))
                #expect(first.map(\.instanceRefreshId) == [id])
                #expect(first.first?.status == "InProgress")
                let second = try await autoScaling.describeInstanceRefreshes(
                    .init(autoScalingGroupName: "mixed", instanceRefreshIds: [id]))
                #expect(second.first?.status == "Successful")
                #expect(environment.proxy.instanceRefreshes.first?.preferences["MinHealthyPercentage"] == "90")
            }
        }
    }
}
