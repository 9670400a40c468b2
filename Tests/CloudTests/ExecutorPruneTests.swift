@testable import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ExecutorSuites {
    @Suite("Executor: prune, sweep and fail-closed deletes against moto")
    struct ExecutorPruneTests {
        static func exists(image: String, in world: World) async throws -> Bool {
            do {
                return try await world.describeImage(image).map { $0.state != "deregistered" } ?? false
            } catch let error as AWSError where error.code.hasPrefix("InvalidAMIID") {
                return false
            }
        }

        static func exists(snapshot: String, in world: World) async throws -> Bool {
            do {
                return !(try await world.ec2.describeSnapshots(.init(snapshotIds: [snapshot])).isEmpty)
            } catch let error as AWSError where error.code == "InvalidSnapshot.NotFound" {
                return false
            }
        }

        @Test("an unused image of ours is deregistered, then its snapshots deleted; repeats find nothing to do")
        func deregisterThenDeleteSnapshots() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-prune"
            let world = World(harness: harness, region: "us-east-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let snapshots = try #require(try await world.describeImage(image)).snapshotIds
            try #require(!snapshots.isEmpty)
            try await world.ec2.createTags(
                resources: snapshots,
                tags: world.kilnTags(image: "api", version: "1.0.0").map { .init(key: $0, value: $1) }
            )
            func run(_ kind: ActionKind) async throws -> ActionOutcome {
                try await executor.execute(Actions.make(kind, region: world.region))
            }

            // A snapshot is not deleted while its image exists.
            let early = try await run(.deleteSnapshot(snapshotId: snapshots[0]))
            #expect(early.isRefused)
            #expect(try await Self.exists(snapshot: snapshots[0], in: world))

            #expect(try await run(.deregisterImage(imageId: image, snapshotIds: snapshots)).status == .done)
            #expect(try await !Self.exists(image: image, in: world))
            #expect(try await run(.deregisterImage(imageId: image, snapshotIds: snapshots)).status == .alreadyDone)

            for snapshot in snapshots {
                #expect(try await run(.deleteSnapshot(snapshotId: snapshot)).status == .done)
                #expect(try await !Self.exists(snapshot: snapshot, in: world))
                #expect(try await run(.sweepSnapshot(snapshotId: snapshot)).status == .alreadyDone)
            }
        }

        @Test("images of other owners, untagged or in use are never deregistered")
        func deregisterFailsClosed() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-closed"
            let world = World(harness: harness, region: "us-west-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let maker = try await world.launch()
            var foreignTags = world.kilnTags(image: "api", version: "0.1.0")
            foreignTags[KilnTag.owner] = "another-controller"
            let foreign = try await world.createImage(name: "foreign", from: maker, tags: foreignTags)
            let untagged = try await world.createImage(name: "untagged", from: maker, tags: ["team": "test"])
            let running = try await world.kilnImage("api", "1.1.0", from: maker)
            _ = try await world.launch(image: running)
            let configured = try await world.kilnImage("api", "1.2.0", from: maker)
            try await world.launchConfiguration("uses-image", image: configured)
            // Hand-made AMIs carrying copies of Kiln's tags: a name of their own, or a name that disagrees.
            let forged = try await world.createImage(
                name: "golden-api", from: maker, tags: world.kilnTags(image: "api", version: "1.3.0"))
            let disagreeing = try await world.createImage(
                name: "kiln/api/1.3.1/abababab", from: maker, tags: world.kilnTags(image: "api", version: "1.3.2"))
            // In use by a launch template's default version, and by a version a mixed-instances override pins.
            let templated = try await world.kilnImage("api", "1.4.0", from: maker)
            _ = try await world.launchTemplate("default-uses", image: templated)
            let pinned = try await world.kilnImage("api", "1.5.0", from: maker)
            let main = try await world.launchTemplate("main", image: World.baseImage)
            let extra = try await world.launchTemplate("extra", image: World.baseImage)
            let pinnedVersion = try await world.addVersion(to: extra, image: pinned)
            _ = try await world.addVersion(to: extra, image: World.baseImage)
            _ = try await world.ec2.modifyLaunchTemplate(.id(extra), defaultVersion: .number(1))
            try await world.mixedGroup(
                "mixed", template: main, version: "$Default", overrideTemplate: extra,
                overrideVersion: String(pinnedVersion))
            // Shared by hand with an account Kiln never recorded.
            let handShared = try await world.kilnImage("api", "1.6.0", from: maker)
            try await world.ec2.modifyImageAttribute(.share(imageId: handShared, withAccounts: ["444455556666"]))

            let cases: [(String, String)] = [
                (foreign, "owned by another-controller"), (untagged, "has no kiln:owner tag"),
                (running, "uses image"), (configured, "launch configuration uses-image uses image"),
                (forged, "does not prove Kiln made it"), (disagreeing, "does not prove Kiln made it"),
                (templated, "the default version of launch template default-uses uses image"),
                (pinned, "pinned by group mixed of launch template extra uses image"),
                (handShared, "shared with 444455556666, which Kiln did not grant"),
            ]
            for (image, reason) in cases {
                let outcome = try await executor.execute(
                    Actions.make(.deregisterImage(imageId: image, snapshotIds: []), region: world.region))
                guard case .refused(let why) = outcome.status else {
                    Issue.record("deregistering \(image) was not refused: \(outcome)")
                    continue
                }
                #expect(why.contains(reason), "\(why)")
                #expect(try await Self.exists(image: image, in: world))
            }
            for kind in [
                ActionKind.deprecateImage(imageId: forged, at: Date().addingTimeInterval(86_400)),
                .shareImage(imageId: forged, snapshotIds: [], accounts: ["444455556666"]),
                .tagImage(imageId: forged, snapshotIds: [], tags: ["team": "x"]),
                .untagImage(imageId: forged, snapshotIds: [], keys: ["team"]),
                .unshareImage(imageId: forged, snapshotIds: [], accounts: ["444455556666"]),
            ] {
                let outcome = try await executor.execute(Actions.make(kind, region: world.region))
                #expect(outcome.isRefused, "\(kind): \(outcome)")
            }
            #expect(try await world.describeImage(forged)?.tags[tag: "team"] == "test")

            // Once Kiln's record names the account, the share is Kiln's own and no longer keeps the image.
            try await world.ec2.createTags(
                resources: [handShared], tags: [.init(key: KilnTag.sharedWith, value: "444455556666")])
            let recorded = try await executor.execute(
                Actions.make(.deregisterImage(imageId: handShared, snapshotIds: []), region: world.region))
            #expect(recorded.status == .done, "\(recorded)")
        }

        @Test("a DeleteLaunchTemplateVersions answer that does not confirm every version is a failure")
        func partialVersionDeletionFails() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-partial"
            let world = World(harness: harness, region: "ca-central-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let template = try await world.launchTemplate("partial-lt")
            for _ in 2...5 { _ = try await world.addVersion(to: template, image: image, description: "kiln:api/1.0.0") }
            let set = "successfullyDeletedLaunchTemplateVersionSet"
            let failedSet = "unsuccessfullyDeletedLaunchTemplateVersionSet"
            let answers = [
                // Nothing listed at all: an empty success list is not success.
                "<\(set)/><\(failedSet)/>",
                // One version refused with a reason.
                "<\(set)/><\(failedSet)><item><launchTemplateId>\(template)</launchTemplateId>"
                    + "<versionNumber>3</versionNumber><responseError><code>unexpectedError</code>"
                    + "<message>the version could not be deleted</message></responseError></item></\(failedSet)>",
            ]
            for (index, answer) in answers.enumerated() {
                let matcher = CallMatcher.action("DeleteLaunchTemplateVersions", in: world.region)
                let hook = harness.proxy.rewriteResponses(on: matcher) { _, response in
                    var rewritten = response
                    let body = response.body
                    guard let start = body.range(of: "<\(set)"),
                        let end = body.range(of: "</\(failedSet)>") ?? body.range(of: "<\(failedSet)/>")
                    else { return nil }
                    rewritten.body.replaceSubrange(start.lowerBound..<end.upperBound, with: answer)
                    return rewritten
                }
                defer { harness.proxy.remove(hook) }
                let action = Actions.make(
                    .deleteLaunchTemplateVersions(
                        templateId: template, templateName: "partial-lt", versions: [index + 2]),
                    region: world.region)
                do {
                    let outcome = try await executor.execute(action)
                    Issue.record("a partial answer was taken for success: \(outcome)")
                } catch let error as CloudError {
                    let text = "\(error)"
                    #expect(
                        index == 0
                            ? text.contains("did not confirm the deletion of version(s) 2")
                            : text.contains("version 3 was not deleted: unexpectedError"),
                        "\(text)")
                }
            }
        }

        @Test("snapshots of other owners or untagged are never deleted")
        func snapshotDeleteFailsClosed() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-snapshots"
            let world = World(harness: harness, region: "us-west-2", owner: owner)
            let executor = harness.executor(owner: owner)
            let maker = try await world.launch()
            let first = try await world.createImage(name: "first", from: maker, tags: [:])
            let second = try await world.createImage(name: "second", from: maker, tags: [:])
            let foreignSnapshot = try #require(try await world.describeImage(first)?.snapshotIds.first)
            let untaggedSnapshot = try #require(try await world.describeImage(second)?.snapshotIds.first)
            try await world.ec2.createTags(
                resources: [foreignSnapshot], tags: [.init(key: KilnTag.owner, value: "another-controller")])
            try await world.ec2.deregisterImage(.init(imageId: first))
            try await world.ec2.deregisterImage(.init(imageId: second))

            for snapshot in [foreignSnapshot, untaggedSnapshot] {
                let outcome = try await executor.execute(
                    Actions.make(.sweepSnapshot(snapshotId: snapshot), region: world.region))
                #expect(outcome.isRefused, "\(outcome)")
                #expect(try await Self.exists(snapshot: snapshot, in: world))
            }
        }

        @Test("only Kiln's versions that are neither default, latest nor pinned are deleted")
        func launchTemplateVersions() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-versions"
            let world = World(harness: harness, region: "ap-southeast-2", owner: owner)
            let executor = harness.executor(owner: owner)
            let image = try await world.kilnImage("api", "1.0.0", from: try await world.launch())
            let template = try await world.launchTemplate("api-lt")
            for _ in 2...5 { _ = try await world.addVersion(to: template, image: image, description: "kiln:api/1.0.0") }
            try await world.group("pinning", template: template, version: "4")
            func delete(_ versions: [Int]) async throws -> ActionOutcome {
                try await executor.execute(
                    Actions.make(
                        .deleteLaunchTemplateVersions(templateId: template, templateName: "api-lt", versions: versions),
                        region: world.region))
            }
            func remaining() async throws -> [Int] {
                try await world.ec2.describeLaunchTemplateVersions(.init(template: .id(template)))
                    .map(\.versionNumber).sorted()
            }

            #expect(try await delete([2]).status == .done)
            #expect(try await remaining() == [1, 3, 4, 5])
            #expect(try await delete([2]).status == .alreadyDone)

            let mixed = try await delete([1, 3, 4, 5])
            guard case .refused(let why) = mixed.status else {
                Issue.record("deleting default, pinned and latest versions was not refused: \(mixed)")
                return
            }
            #expect(why.contains("version 1 was not created by Kiln"))
            #expect(why.contains("version 4 is pinned"))
            #expect(why.contains("version 5 is the latest"))
            #expect(why.contains("deleted 3"))
            #expect(try await remaining() == [1, 4, 5])

            // A Kiln-described version whose image another controller owns stays.
            var foreignTags = world.kilnTags(image: "api", version: "0.1.0")
            foreignTags[KilnTag.owner] = "another-controller"
            let foreign = try await world.createImage(
                name: "foreign", from: try await world.launch(), tags: foreignTags)
            let sixth = try await world.addVersion(to: template, image: foreign, description: "kiln:api/0.1.0")
            _ = try await world.addVersion(to: template, image: image, description: "kiln:api/1.0.0")
            let refused = try await delete([sixth])
            #expect(refused.isRefused)
            #expect(refused.description.contains("not owned by this controller"))
            #expect(try await remaining().contains(sixth))
        }

        @Test("builders are swept, terminated or kept only when they are ours")
        func builders() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-sweep"
            let world = World(harness: harness, region: "ap-northeast-1", owner: owner)
            let executor = harness.executor(owner: owner)
            var builderTags = world.kilnTags(image: "api", version: "1.0.0")
            builderTags[KilnTag.role] = "builder"
            builderTags[KilnTag.attempt] = "1"
            let orphan = try await world.launch(tags: builderTags)
            let failed = try await world.launch(tags: builderTags.merging([KilnTag.attempt: "2"]) { $1 })
            // A production instance someone tagged as a builder: not launched with Kiln's client token.
            let impostor = try await world.launch(
                tags: builderTags.merging([KilnTag.attempt: "3"]) { $1 }, clientToken: "terraform-web-1")
            var foreignTags = builderTags
            foreignTags[KilnTag.owner] = "another-controller"
            let foreign = try await world.launch(tags: foreignTags)
            let plain = try await world.launch(tags: [KilnTag.owner: owner])
            func run(_ kind: ActionKind) async throws -> ActionOutcome {
                try await executor.execute(Actions.make(kind, region: world.region))
            }

            #expect(try await run(.sweepBuilder(instanceId: orphan)).status == .done)
            #expect(try await world.describeInstance(orphan)?.state?.name == "terminated")
            #expect(try await run(.sweepBuilder(instanceId: orphan)).status == .alreadyDone)

            for instance in [foreign, plain, impostor] {
                #expect(try await run(.sweepBuilder(instanceId: instance)).isRefused)
                #expect(try await run(.terminateBuilder(instanceId: instance, tags: [:])).isRefused)
                #expect(try await run(.keepFailedBuilder(instanceId: instance, tags: [:])).isRefused)
                #expect(try await run(.stopBuilder(instanceId: instance, builderTags: [:])).isRefused)
                #expect(try await world.describeInstance(instance)?.state?.name == "running")
            }
            let refusal = try await run(.sweepBuilder(instanceId: impostor))
            #expect(refusal.description.contains("was not launched with Kiln's client token"))

            let kept = try await run(.keepFailedBuilder(instanceId: failed, tags: [KilnTag.phase: "failed-kept"]))
            #expect(kept.status == .done)
            let stopped = try #require(try await world.describeInstance(failed))
            #expect(stopped.state?.name == "stopped")
            #expect(stopped.tags[tag: KilnTag.phase] == "failed-kept")
        }

        @Test("a launch configuration is deleted only when no group uses it")
        func deleteLaunchConfiguration() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-configurations"
            let world = World(harness: harness, region: "ap-southeast-1", owner: owner)
            let executor = harness.executor(owner: owner)
            let unused = "kiln-0123456789abcdef-api-1.0.0-abababab"
            let used = "kiln-0123456789abcdef-api-1.0.1-abababab"
            try await world.launchConfiguration(unused, image: World.baseImage)
            try await world.launchConfiguration(used, image: World.baseImage)
            try await world.launchConfiguration("unused-lc", image: World.baseImage)
            try await world.groupOnConfiguration("user", configuration: used)
            func run(_ name: String) async throws -> ActionOutcome {
                try await executor.execute(Actions.make(.deleteLaunchConfiguration(name: name), region: world.region))
            }

            #expect(try await run(unused).status == .done)
            #expect(try await run(unused).status == .alreadyDone)
            #expect(try await run(used).isRefused)
            // Unused, but not named by Kiln: never deleted.
            let user = try await run("unused-lc")
            #expect(user.isRefused)
            #expect(user.description.contains("was not named by Kiln"))
            let names = try await world.autoScaling.describeLaunchConfigurations(.init()).map(\.launchConfigurationName)
            #expect(Set(names) == [used, "unused-lc"])
        }
    }
}
