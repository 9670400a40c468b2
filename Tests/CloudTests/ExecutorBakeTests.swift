import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ExecutorSuites {
    @Suite("Executor: bake actions against moto")
    struct ExecutorBakeTests {
        static let account = "210987654321"

        @Test("a bake from launch to shared copies leaves the world as each action says")
        func bakeEndToEnd() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-bake"
            let world = World(harness: harness, region: "eu-central-1", owner: owner)
            let copyRegion = "eu-west-1"
            let executor = harness.executor(owner: owner)
            func run(_ kind: ActionKind, in region: String? = nil) async throws -> ActionOutcome {
                try await executor.execute(Actions.make(kind, region: region ?? world.region))
            }

            // Launch: IMDSv2, encrypted tagged root volume, no public address; a retry returns the same builder.
            let launch = Actions.launch(owner: owner)
            let launched = try await run(.launchBuilder(launch: launch))
            let builder = try #require(launched.instanceId)
            let again = try await run(.launchBuilder(launch: launch))
            #expect(again.instanceId == builder)
            let builders = try await world.ec2.describeInstances(
                .init(filters: [.init(name: "tag:\(KilnTag.owner)", values: [owner])]))
            #expect(builders.map(\.instanceId) == [builder])
            let instance = try #require(builders.first)
            #expect(instance.metadataOptions?.httpTokens == "required")
            #expect(instance.publicIpAddress == nil)
            #expect(instance.imageId == World.baseImage)
            #expect(instance.tags.dictionary == launch.tags)
            let volumes = try await harness.query.call(
                "ec2", "DescribeVolumes", region: world.region,
                [("Filter.1.Name", "attachment.instance-id"), ("Filter.1.Value.1", builder)])
            #expect(volumes.values("encrypted") == ["true"])
            #expect(volumes.values("size") == ["16"])
            #expect(volumes.body.contains("<key>\(KilnTag.role)</key>"))

            // A step: the command id is tagged on the builder.
            let step = Actions.step(
                instance: builder, step: "install", script: "set -eu\necho installing\n",
                tags: [KilnTag.phase: "step", KilnTag.step: "install", KilnTag.since: "2026-01-02T03:05:00Z"])
            let sent = try await run(.sendStepCommand(command: step))
            let commandId = try #require(sent.commandId)
            let command = try #require(harness.proxy.sentCommands.first { $0.commandId == commandId })
            #expect(command.documentName == "AWS-RunShellScript")
            #expect(command.instanceIds == [builder])
            #expect(command.commands == [step.script])
            #expect(command.comment == "kiln step install")
            let stepTags = try #require(try await world.describeInstance(builder)).tags.dictionary
            #expect(stepTags[KilnTag.command] == commandId)
            #expect(stepTags[KilnTag.step] == "install")
            #expect(stepTags["kiln:command:install"] == commandId)
            #expect(stepTags[KilnTag.phase] == "step")

            // Stop.
            _ = try await run(.stopBuilder(instanceId: builder, builderTags: [KilnTag.phase: "stopping"]))
            let stopped = try #require(try await world.describeInstance(builder))
            #expect(stopped.state?.name == "stopped")
            #expect(stopped.tags[tag: KilnTag.phase] == "stopping")

            // Image: tagged; a second CreateImage returns the same image.
            var imageTags = launch.tags.filter {
                [KilnTag.owner, KilnTag.image, KilnTag.version, KilnTag.recipe].contains($0.key)
            }
            imageTags["team"] = "test"
            let create = Actions.createImage(
                instance: builder, name: "kiln/api/1.0.0/abababab", imageTags: imageTags,
                builderTags: [KilnTag.phase: "imaging"])
            let created = try await run(.createImage(create: create))
            let imageId = try #require(created.imageId)
            #expect(created.status == .done)
            let recreated = try await run(.createImage(create: create))
            #expect(recreated.imageId == imageId)
            #expect(recreated.status == .alreadyDone)
            let named = try await world.ec2.describeImages(
                .init(owners: ["self"], filters: [.init(name: "name", values: [create.name])]))
            #expect(named.map(\.imageId) == [imageId])
            let image = try #require(named.first)
            #expect(image.tags.dictionary == imageTags)
            #expect(image.state == "available")
            #expect(try #require(try await world.describeInstance(builder)).tags[tag: KilnTag.phase] == "imaging")

            // Snapshot tags.
            let snapshots = image.snapshotIds
            try #require(!snapshots.isEmpty)
            _ = try await run(.tagSnapshots(snapshotIds: snapshots, tags: imageTags))
            let described = try await world.ec2.describeSnapshots(.init(snapshotIds: snapshots))
            #expect(described.allSatisfy { $0.tags.dictionary == imageTags })

            // Copy: tagged in the destination; a retry with the same token returns the same copy.
            let copy = Actions.copy(
                image: imageId, from: world.region, name: create.name, tags: imageTags, token: "\(owner)|copy")
            let copied = try #require(try await run(.copyImage(copy: copy), in: copyRegion).imageId)
            let copiedAgain = try await run(.copyImage(copy: copy), in: copyRegion)
            #expect(copiedAgain.imageId == copied)
            let copies = try await EC2(client: harness.admin, region: copyRegion).describeImages(
                .init(owners: ["self"]))
            #expect(copies.map(\.imageId) == [copied])
            #expect(copies.first?.tags.dictionary == imageTags)

            // Share: launch permission on the image, create-volume permission on its snapshots.
            _ = try await run(.shareImage(imageId: imageId, snapshotIds: snapshots, accounts: [Self.account]))
            let permissions = try await harness.query.call(
                "ec2", "DescribeImageAttribute", region: world.region,
                [("ImageId", imageId), ("Attribute", "launchPermission")])
            #expect(permissions.values("userId") == [Self.account])
            // moto keeps create-volume permissions only from the `OperationType`/`UserId.N` form of
            // ModifySnapshotAttribute, not from the `CreateVolumePermission.Add` form Kiln sends: count the calls.
            #expect(
                harness.proxy.count(service: "ec2", action: "ModifySnapshotAttribute", region: world.region)
                    == snapshots.count)
            #expect(try await world.describeImage(imageId)?.tags[tag: KilnTag.sharedWith] == Self.account)

            // Untag: a key Kiln applied that left spec.tags goes from the image and its snapshots; kiln: keys never.
            _ = try await run(.untagImage(imageId: imageId, snapshotIds: snapshots, keys: ["team", KilnTag.owner]))
            let untagged = try #require(try await world.describeImage(imageId)).tags.dictionary
            #expect(untagged["team"] == nil && untagged[KilnTag.owner] == owner)
            let untaggedSnapshots = try await world.ec2.describeSnapshots(.init(snapshotIds: snapshots))
            #expect(untaggedSnapshots.allSatisfy { $0.tags.dictionary["team"] == nil })

            // Unshare: launch permission revoked, then the record updated.
            let unshared = try await run(
                .unshareImage(imageId: imageId, snapshotIds: snapshots, accounts: [Self.account]))
            #expect(unshared.status == .done)
            let revoked = try await harness.query.call(
                "ec2", "DescribeImageAttribute", region: world.region,
                [("ImageId", imageId), ("Attribute", "launchPermission")])
            #expect(revoked.values("userId").isEmpty)
            #expect(try await world.describeImage(imageId)?.tags[tag: KilnTag.sharedWith] == "")
            let unsharedAgain = try await run(
                .unshareImage(imageId: imageId, snapshotIds: snapshots, accounts: [Self.account]))
            #expect(unsharedAgain.status == .alreadyDone)

            // Finish: the builder is terminated; a second terminate finds nothing to do.
            let finished = try await run(.terminateBuilder(instanceId: builder, tags: [KilnTag.phase: "done"]))
            #expect(finished.status == .done)
            let terminated = try #require(try await world.describeInstance(builder))
            #expect(terminated.state?.name == "terminated")
            #expect(terminated.tags[tag: KilnTag.phase] == "done")
            #expect(try await run(.terminateBuilder(instanceId: builder, tags: [:])).status == .alreadyDone)
        }

        @Test("throttling and 500s on every call are retried: one builder, one image, one copy")
        func faultsAreRetried() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-bake-faults"
            let world = World(harness: harness, region: "eu-west-2", owner: owner)
            let copyRegion = "eu-west-3"
            let executor = harness.executor(owner: owner)
            var rules: [ProxyHookID] = []
            let actions = ["RunInstances", "StopInstances", "CreateImage", "CopyImage", "CreateTags", "DescribeImages"]
            for region in [world.region, copyRegion] {
                for action in actions {
                    let matcher = CallMatcher.action(action, of: "ec2", in: region)
                    rules.append(harness.proxy.inject(.throttle, on: matcher, trigger: .nextCalls(1)))
                    rules.append(harness.proxy.inject(.httpError(status: 500), on: matcher, trigger: .nextCalls(1)))
                }
            }
            defer { rules.forEach(harness.proxy.remove) }

            let launch = Actions.launch(owner: owner)
            let builder = try #require(
                try await executor.execute(Actions.make(.launchBuilder(launch: launch), region: world.region))
                    .instanceId)
            _ = try await executor.execute(
                Actions.make(.stopBuilder(instanceId: builder, builderTags: [:]), region: world.region))
            let create = Actions.createImage(
                instance: builder, name: "kiln/api/1.0.0/faults", imageTags: [KilnTag.owner: owner])
            let imageId = try #require(
                try await executor.execute(Actions.make(.createImage(create: create), region: world.region)).imageId)
            let copy = Actions.copy(
                image: imageId, from: world.region, name: create.name, tags: [KilnTag.owner: owner], token: "faults")
            let copied = try #require(
                try await executor.execute(Actions.make(.copyImage(copy: copy), region: copyRegion)).imageId)

            #expect(
                rules.map(harness.proxy.firedCount).reduce(0, +) == 12, "two faults before each call that succeeded")
            rules.forEach(harness.proxy.remove)
            let instances = try await world.ec2.describeInstances(
                .init(filters: [.init(name: "tag:\(KilnTag.owner)", values: [owner])]))
            #expect(instances.map(\.instanceId) == [builder])
            #expect(try await world.ec2.describeImages(.init(owners: ["self"])).map(\.imageId) == [imageId])
            let copies = try await EC2(client: harness.admin, region: copyRegion).describeImages(
                .init(owners: ["self"]))
            #expect(copies.map(\.imageId) == [copied])
        }
    }
}
