@testable import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ObserverSuites {
    @Suite("Observer: mapping every kind of resource")
    struct ObserverTests {
        static let account = "210987654321"

        @Test("maps every kind of resource into the actual state")
        func observesTheWorld() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-observer"
            let east = World(harness: harness, region: "us-east-2", owner: owner)

            let maker = try await east.launch()
            let v1 = try await east.kilnImage("api", "1.0.0", from: maker)
            let v2 = try await east.kilnImage("api", "1.1.0", from: maker)
            var foreignTags = east.kilnTags(image: "api", version: "0.9.0")
            foreignTags[KilnTag.owner] = "another-controller"
            let foreign = try await east.createImage(name: "kiln/api/0.9.0/other", from: maker, tags: foreignTags)
            try await east.ec2.modifyImageAttribute(.share(imageId: v2, withAccounts: [Self.account]))
            let deprecateAt = Date(timeIntervalSince1970: 1_900_000_020)
            try await east.ec2.enableImageDeprecation(imageId: v1, deprecateAt: deprecateAt)
            let v2Snapshots = try #require(try await east.describeImage(v2)).snapshotIds
            try #require(!v2Snapshots.isEmpty)
            try await east.ec2.createTags(
                resources: v2Snapshots,
                tags: east.kilnTags(image: "api", version: "1.1.0").map { .init(key: $0, value: $1) })

            let since = "2026-01-02T03:04:05Z"
            var builderTags = east.kilnTags(image: "api", version: "1.2.0")
            builderTags.merge([
                KilnTag.role: "builder", KilnTag.attempt: "1", KilnTag.phase: "step", KilnTag.since: since,
            ]) {
                $1
            }
            let builder = try await east.launch(tags: builderTags)
            harness.proxy.scriptCommands(
                containing: "echo observer-provisioning",
                outcome: .failed(stdout: "step output", stderr: "boom", exitCode: 3))
            let command = try await east.ssm.sendCommand(
                .runShellScript(
                    instanceId: builder, commands: ["echo observer-provisioning"], comment: "kiln step install")
            )
            try await east.ec2.createTags(
                resources: [builder],
                tags: [
                    .init(key: KilnTag.step, value: "install"), .init(key: KilnTag.command, value: command.commandId),
                ])
            var failedTags = builderTags
            failedTags.merge([KilnTag.attempt: "2", KilnTag.phase: "failed"]) { $1 }
            let failedBuilder = try await east.launch(tags: failedTags)

            let template = try await east.launchTemplate("api-lt")
            let second = try await east.addVersion(to: template, image: v1, description: "kiln:api/1.0.0")
            let third = try await east.addVersion(to: template, image: v2, description: "kiln:api/1.1.0")
            _ = try await east.ec2.modifyLaunchTemplate(.id(template), defaultVersion: .number(second))
            let other = try await east.launchTemplate("other-lt")
            try await east.group("pinned", template: template, version: String(second))
            try await east.mixedGroup("mixed", template: template, version: "$Default", overrideTemplate: other)
            try await east.launchConfiguration("legacy-lc", image: v1)
            try await east.groupOnConfiguration("legacy", configuration: "legacy-lc")
            try await east.ssm.putParameter(.imageID(name: "/kiln/api/ami", imageId: v2))

            let ubuntu = ImageFilter(name: "ubuntu/images/hvm-ssd/ubuntu-*", owners: ["099720109477"])
            let desired = Fixtures.desired(
                [
                    try Fixtures.image(
                        "api", version: "1.1.0", region: east.region, regions: ["eu-west-2"], accounts: [Self.account],
                        rollout: RolloutTargets(ssmParameter: "/kiln/api/ami")),
                    try Fixtures.image("web", version: "2.0.0", region: east.region, source: .filter(ubuntu)),
                ], owner: owner)
            let observation = await Observer(client: harness.controller)
                .observe(regions: [east.region, "eu-west-2"], desired: desired)
            let actual = observation.actual

            #expect(observation.regionFailures.isEmpty, "\(observation.regionFailures)")
            #expect(actual.observedRegions == [east.region, "eu-west-2"])
            #expect(actual.failedRegions.isEmpty)

            // Images: tags, state, dates, snapshots, shares, deprecation.
            let images = Dictionary(uniqueKeysWithValues: actual.images.map { ($0.id, $0) })
            // Listed with `tag:kiln:owner` = owner: another controller's AMI is not even read.
            #expect(Set(images.keys) == [v1, v2])
            let second2 = try #require(images[v2])
            #expect(second2.region == east.region)
            #expect(second2.name == "kiln/api/1.1.0/abababab")
            #expect(second2.state == .available)
            #expect(second2.tags == east.kilnTags(image: "api", version: "1.1.0"))
            #expect(abs(second2.creationDate.timeIntervalSinceNow) < 600)
            #expect(second2.snapshotIds == v2Snapshots)
            #expect(second2.launchPermissionAccounts == [Self.account])
            #expect(second2.rootDeviceName == (try await east.describeImage(v2))?.rootDeviceName)
            #expect(second2.deprecationTime == nil)
            let first = try #require(images[v1])
            #expect(first.launchPermissionAccounts.isEmpty)
            #expect(first.deprecationTime == deprecateAt)
            #expect(images[foreign] == nil)

            // Snapshots: only Kiln-tagged ones, marked in use.
            #expect(Set(actual.snapshots.map(\.id)) == Set(v2Snapshots))
            #expect(actual.snapshots.allSatisfy { $0.usedByImage && $0.tags[KilnTag.owner] == owner })

            // Instances and builders.
            let instances = Dictionary(uniqueKeysWithValues: actual.instances.map { ($0.id, $0) })
            #expect(Set(instances.keys).isSuperset(of: [maker, builder, failedBuilder]))
            #expect(instances[builder]?.state == .running)
            #expect(instances[builder]?.imageId == World.baseImage)
            #expect(instances[builder]?.tags[KilnTag.role] == "builder")
            #expect(actual.managedInstances.contains { $0.instanceId == builder && $0.isOnline })
            #expect(!actual.managedInstances.contains { $0.instanceId == maker })

            let invocation = try #require(actual.commandInvocations.first { $0.commandId == command.commandId })
            #expect(invocation.instanceId == builder)
            #expect(invocation.status == .failed)
            #expect(invocation.exitCode == 3)
            #expect(invocation.outputTail == "step output\nboom")
            #expect(invocation.comment == "kiln step install")
            #expect(invocation.requestedAt == Date(timeIntervalSince1970: 1_767_323_045))

            let failure = try #require(actual.bakeFailures.first)
            #expect(actual.bakeFailures.count == 1)
            #expect(failure.image == "api" && failure.version == SemanticVersion("1.2.0") && failure.attempts == 2)

            // Launch templates, groups, configurations, parameters.
            let apiTemplate = try #require(actual.launchTemplates.first { $0.id == template })
            #expect(apiTemplate.name == "api-lt")
            #expect(apiTemplate.defaultVersion == second)
            #expect(apiTemplate.latestVersion == third)
            // The default, the latest and the version a group pins; version 1 is none of them, and no prune is
            // possible, so it is not read.
            #expect(apiTemplate.versions.map(\.number) == [second, third])
            #expect(apiTemplate.version(1) == nil)
            #expect(apiTemplate.version(second)?.imageId == v1)
            #expect(apiTemplate.version(third)?.description == "kiln:api/1.1.0")
            #expect(actual.launchTemplates.contains { $0.id == other && $0.name == "other-lt" })

            let groups = Dictionary(uniqueKeysWithValues: actual.autoScalingGroups.map { ($0.name, $0) })
            #expect(groups["pinned"]?.launchTemplate?.id == template)
            #expect(groups["pinned"]?.launchTemplate?.version == String(second))
            let mixed = try #require(groups["mixed"]?.mixedInstancesPolicy)
            #expect(mixed.launchTemplate.id == template && mixed.launchTemplate.version == "$Default")
            #expect(mixed.overrides.map(\.id) == [other])
            #expect(mixed.overrides.first?.version == "$Latest")
            #expect(groups["legacy"]?.launchConfigurationName == "legacy-lc")
            #expect(actual.launchConfigurations.map(\.name) == ["legacy-lc"])
            #expect(actual.launchConfigurations.first?.imageId == v1)

            #expect(actual.parameters == [ObservedParameter(name: "/kiln/api/ami", region: east.region, imageId: v2)])

            // Source lookups: only `web` needs a bake.
            #expect(actual.sourceLookups.count == 1)
            let lookup = try #require(actual.sourceLookups.first)
            #expect(lookup.region == east.region)
            #expect(lookup.query == .filter(ubuntu))
            #expect(Set(lookup.candidates.map(\.id)).isSuperset(of: ["ami-1e749f67", "ami-785db401"]))
            #expect(lookup.candidates.allSatisfy { $0.name.hasPrefix("ubuntu/images/hvm-ssd/ubuntu-") })
        }
    }
}
