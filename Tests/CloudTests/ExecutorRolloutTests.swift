import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ExecutorSuites {
    @Suite("Executor: rollout actions against moto")
    struct ExecutorRolloutTests {
        @Test("a launch template gets one new version with the image, then it becomes the default")
        func launchTemplateVersionAndDefault() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-lt"
            let world = World(harness: harness, region: "sa-east-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let template = try await world.launchTemplate("api-lt")
            let create = Actions.templateVersion(template: template, name: "api-lt", source: 1, image: image)

            let first = try await executor.execute(
                Actions.make(.createLaunchTemplateVersion(create: create), region: world.region))
            let again = try await executor.execute(
                Actions.make(.createLaunchTemplateVersion(create: create), region: world.region))

            #expect(first.status == .done)
            #expect(first.launchTemplateVersion == 2)
            #expect(again.status == .alreadyDone)
            #expect(again.launchTemplateVersion == 2)
            let versions = try await world.ec2.describeLaunchTemplateVersions(.init(template: .id(template)))
            #expect(versions.map(\.versionNumber).sorted() == [1, 2])
            let created = try #require(versions.first { $0.versionNumber == 2 })
            #expect(created.launchTemplateData?.imageId == image)
            #expect(created.versionDescription == "kiln:api/1.0.0")

            let made = try await executor.execute(
                Actions.make(
                    .setDefaultLaunchTemplateVersion(templateId: template, templateName: "api-lt", version: 2),
                    region: world.region))
            #expect(made.status == .done)
            let described = try #require(
                try await world.ec2.describeLaunchTemplates(.init(launchTemplateIds: [template])).first)
            #expect(described.defaultVersionNumber == 2)
        }

        @Test("an instance refresh starts with the preferences; a refresh in progress is left alone")
        func instanceRefresh() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-refresh"
            let world = World(harness: harness, region: "ca-central-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let template = try await world.launchTemplate("web-lt")
            try await world.group("web", template: template, version: "$Default")
            harness.proxy.instanceRefreshPollsUntilSuccessful = 100
            defer { harness.proxy.instanceRefreshPollsUntilSuccessful = 0 }
            let refresh = Actions.refresh(group: "web", minHealthy: 90, warmup: 60)

            let started = try await executor.execute(
                Actions.make(.startInstanceRefresh(refresh: refresh), region: world.region))
            let again = try await executor.execute(
                Actions.make(.startInstanceRefresh(refresh: refresh), region: world.region))

            let records = harness.proxy.instanceRefreshes.filter { $0.region == world.region }
            #expect(records.count == 1)
            let record = try #require(records.first)
            #expect(started.instanceRefreshId == record.instanceRefreshId)
            #expect(record.autoScalingGroupName == "web")
            #expect(record.preferences["MinHealthyPercentage"] == "90")
            #expect(record.preferences["InstanceWarmup"] == "60")
            #expect(again.status == .alreadyDone)
        }

        @Test("a launch configuration is copied with the new image, the group moved, the old one deleted — once")
        func launchConfigurationReplacement() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-lc"
            let world = World(harness: harness, region: "ap-northeast-2", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            try await world.launchConfiguration("legacy-lc", image: World.baseImage)
            try await world.groupOnConfiguration("legacy", configuration: "legacy-lc")
            try await world.launchConfiguration("shared-lc", image: World.baseImage)
            try await world.groupOnConfiguration("first", configuration: "shared-lc")
            try await world.groupOnConfiguration("second", configuration: "shared-lc")
            let newName = "kiln-0123456789abcdef-api-1.0.0-abababab"
            let replace = Actions.replace(group: "legacy", current: "legacy-lc", new: newName, image: image)

            let first = try await executor.execute(
                Actions.make(.replaceLaunchConfiguration(replace: replace), region: world.region))
            let again = try await executor.execute(
                Actions.make(.replaceLaunchConfiguration(replace: replace), region: world.region))

            #expect(first.status == .done)
            #expect(first.launchConfigurationName == newName)
            #expect(
                first.detail?.contains("kept legacy-lc: launch configuration legacy-lc was not named by Kiln") == true)
            #expect(again.status == .alreadyDone)
            let group = try #require(
                try await world.autoScaling.describeAutoScalingGroups(.init(autoScalingGroupNames: ["legacy"])).first)
            #expect(group.launchConfigurationName == newName)
            let configurations = try await world.autoScaling.describeLaunchConfigurations(.init())
            #expect(Set(configurations.map(\.launchConfigurationName)) == [newName, "shared-lc", "legacy-lc"])
            let copied = try #require(configurations.first { $0.launchConfigurationName == newName })
            let original = try #require(configurations.first { $0.launchConfigurationName == "shared-lc" })
            #expect(copied.imageId == image)
            #expect(copied.instanceType == original.instanceType)
            #expect(copied.securityGroups == original.securityGroups)
            #expect(copied.userData == original.userData)
            #expect(copied.metadataOptions == original.metadataOptions)

            // The old configuration stays while another group still uses it.
            let shared = Actions.replace(
                group: "first", current: "shared-lc", new: "first-api-1.0.0-abababab", image: image)
            let moved = try await executor.execute(
                Actions.make(.replaceLaunchConfiguration(replace: shared), region: world.region))
            #expect(moved.status == .done)
            #expect(moved.detail?.contains("kept shared-lc") == true)
            let remaining = try await world.autoScaling.describeLaunchConfigurations(
                .init(launchConfigurationNames: ["shared-lc"]))
            #expect(remaining.count == 1)

            // A configuration Kiln named is deleted once the group left it.
            let next = Actions.replace(
                group: "legacy", current: newName, new: "kiln-0123456789abcdef-api-1.0.1-abababab", image: image)
            let onward = try await executor.execute(
                Actions.make(.replaceLaunchConfiguration(replace: next), region: world.region))
            #expect(onward.status == .done)
            let left = try await world.autoScaling.describeLaunchConfigurations(.init())
            #expect(!left.contains { $0.launchConfigurationName == newName })
            #expect(left.contains { $0.launchConfigurationName == "legacy-lc" })
        }

        @Test("the SSM parameter holds the image id with the aws:ec2:image data type")
        func parameter() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-parameter"
            let world = World(harness: harness, region: "eu-north-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            try await world.ssm.putParameter(.imageID(name: "/kiln/api/ami", imageId: World.baseImage))

            let outcome = try await executor.execute(
                Actions.make(.putParameter(name: "/kiln/api/ami", value: image), region: world.region))

            #expect(outcome.status == .done)
            let parameter = try await world.ssm.getParameter(name: "/kiln/api/ami")
            #expect(parameter.value == image)
            #expect(parameter.dataType == "aws:ec2:image")
            #expect(parameter.version == 2)
        }

        @Test("deprecation is set on the image and observed; cancelling it clears it")
        func deprecation() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-deprecate"
            let world = World(harness: harness, region: "ap-south-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let at = Date(timeIntervalSince1970: 1_900_000_020)

            let outcome = try await executor.execute(
                Actions.make(.deprecateImage(imageId: image, at: at), region: world.region))

            #expect(outcome.status == .done)
            #expect(harness.proxy.imageDeprecation(of: image, in: world.region) != nil)
            let observation = await Observer(client: harness.controller).observe(
                regions: [world.region], desired: Fixtures.desired([], owner: owner))
            #expect(observation.actual.images.first { $0.id == image }?.deprecationTime == at)

            let cancelled = try await executor.execute(
                Actions.make(.deprecateImage(imageId: image, at: nil), region: world.region))
            #expect(cancelled.status == .done)
            #expect(harness.proxy.count(service: "ec2", action: "DisableImageDeprecation") == 1)
            #expect(harness.proxy.imageDeprecation(of: image, in: world.region) == nil)
            let after = await Observer(client: harness.controller).observe(
                regions: [world.region], desired: Fixtures.desired([], owner: owner))
            #expect(after.actual.images.first { $0.id == image }?.deprecationTime == nil)
        }

        @Test("changed manifest tags are set on the AMI and its snapshots, Kiln's own tags untouched")
        func retag() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-retag"
            let world = World(harness: harness, region: "ap-southeast-2", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let snapshots = try #require(try await world.describeImage(image)).snapshotIds
            try #require(!snapshots.isEmpty)

            let outcome = try await executor.execute(
                Actions.make(
                    .tagImage(imageId: image, snapshotIds: snapshots, tags: ["team": "payments", "tier": "1"]),
                    region: world.region))

            #expect(outcome.status == .done)
            let tags = Dictionary(
                try #require(try await world.describeImage(image)).tags.map { ($0.key, $0.value) }
            ) { $1 }
            #expect(tags["team"] == "payments" && tags["tier"] == "1")
            #expect(tags[KilnTag.owner] == owner)
            for snapshot in try await world.ec2.describeSnapshots(.init(snapshotIds: snapshots)) {
                #expect(snapshot.tags.contains { $0.key == "team" && $0.value == "payments" })
                #expect(snapshot.tags.contains { $0.key == "tier" && $0.value == "1" })
            }
        }

        @Test("waits, drift reports and failure records make no AWS call")
        func informational() async throws {
            let harness = try CloudWorld.harness()
            let executor = harness.executor(owner: "kiln-informational")
            let region = "me-south-1"
            let failure = try Actions.failure()
            let kinds: [ActionKind] = [
                .wait(for: "the image", until: nil),
                .reportDrift(imageId: "ami-1", existingRecipe: "a", desiredRecipe: "b"),
                .recordBakeFailure(failure: failure),
            ]
            for kind in kinds {
                let outcome = try await executor.execute(Actions.make(kind, region: region))
                #expect(outcome.status == .informational)
            }
            #expect(harness.proxy.count(region: region) == 0)
        }
    }
}
