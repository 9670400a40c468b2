import Controller
import Foundation
import KilnTestSupport
import Testing

/// The life a user lives: bake and roll out v1, bump to v2, bump to v3 (v1 pruned only once nothing uses it),
/// revert the bump. Cycles run until converged at each step; the world is checked after each.
@Suite(.sharedMoto, .serialized)
struct LifecycleTests {
    static func manifest(_ version: String) -> String {
        Manifests.image(
            version: version, keep: 2, minAge: "1m", launchTemplate: "web", legacyGroup: "web-legacy")
    }

    @Test func bakeRollOutPruneAndRevert() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        let world = harness.world
        let base = try await world.baseImage()
        try await world.createLaunchTemplate("web", imageId: base)
        try await world.createGroup("web", template: "web", version: "$Default")
        try await world.createLegacyGroup("web-legacy", configuration: "web-legacy-base", imageId: base)

        // v1: baked, rolled out to the launch template and the legacy configuration.
        try harness.commit(["web.yaml": Self.manifest("1.0.0")], message: "web 1.0.0")
        try await harness.converge()
        var region = try await harness.region()
        let v1 = try #require(region.amis(of: "web")["1.0.0"]?.first)
        #expect(region.amis(of: "web")["1.0.0"]?.count == 1)
        #expect(v1.state == "available")
        #expect(v1.tags["kiln:owner"] == harness.owner)
        #expect(region.launchTemplate("web")?.defaultImage == v1.id)
        #expect(region.launchConfigurationImage(of: "web-legacy") == v1.id)
        // The group's configuration from before Kiln stays: Kiln deletes only configurations it named.
        #expect(region.launchConfigurations.contains { $0.name == "web-legacy-base" })
        #expect(region.liveBuilders.isEmpty)
        #expect(harness.orphanSnapshots(in: region).isEmpty)
        let v1Snapshots = Set(v1.snapshots)
        #expect(!v1Snapshots.isEmpty)
        #expect(region.snapshots.filter { v1Snapshots.contains($0.id) }.allSatisfy { $0.tags["kiln:image"] == "web" })

        // v2: a second bake; v1 stays (keep 2).
        try harness.commit(["web.yaml": Self.manifest("1.1.0")], message: "web 1.1.0")
        try await harness.converge()
        region = try await harness.region()
        let v2 = try #require(region.amis(of: "web")["1.1.0"]?.first)
        #expect(region.amis(of: "web")["1.1.0"]?.count == 1)
        #expect(region.amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id])
        #expect(region.launchTemplate("web")?.defaultImage == v2.id)
        #expect(region.launchConfigurationImage(of: "web-legacy") == v2.id)
        #expect(region.liveBuilders.isEmpty)

        // v3 with keep 2: v1 is the one to prune, but not while anything uses it.
        harness.clock.advance(by: 600)
        let instance = try await world.runInstance(imageId: v1.id)
        try harness.commit(["web.yaml": Self.manifest("2.0.0")], message: "web 2.0.0")
        try await harness.converge()
        region = try await harness.region()
        let v3 = try #require(region.amis(of: "web")["2.0.0"]?.first)
        #expect(region.launchTemplate("web")?.defaultImage == v3.id)
        #expect(region.launchConfigurationImage(of: "web-legacy") == v3.id)
        #expect(region.amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id], "an instance uses v1")

        try await world.terminate([instance])
        try await harness.world.call([
            BotoCall(
                "autoscaling", "us-east-1", "create_launch_configuration",
                ["LaunchConfigurationName": "other", "ImageId": v1.id, "InstanceType": "t3.micro"])
        ])
        try await harness.converge()
        #expect(try await harness.region().amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id], "a configuration uses v1")

        try await harness.world.call([
            BotoCall("autoscaling", "us-east-1", "delete_launch_configuration", ["LaunchConfigurationName": "other"])
        ])
        try await world.createLaunchTemplate("other", imageId: v1.id)
        try await harness.converge()
        #expect(
            try await harness.region().amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id],
            "the default and latest version of a launch template use v1")

        let baseVersion = try await world.createLaunchTemplateVersion("other", imageId: base)
        try await world.setDefaultVersion("other", baseVersion)
        let latest = try await world.createLaunchTemplateVersion("other", imageId: v1.id)
        try await harness.converge()
        region = try await harness.region()
        #expect(region.launchTemplate("other")?.latestVersion == latest)
        #expect(
            region.amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id], "the latest version of a launch template uses v1")

        _ = try await world.createLaunchTemplateVersion("other", imageId: base)
        try await world.createGroup("pinned", template: "other", version: String(latest))
        try await harness.converge()
        #expect(
            try await harness.region().amis(of: "web")["1.0.0"]?.map(\.id) == [v1.id],
            "a group pins a launch template version that uses v1")

        try await world.deleteGroup("pinned")
        try await harness.converge()
        region = try await harness.region()
        #expect(region.amis(of: "web")["1.0.0"] == nil, "nothing uses v1 any more: pruned")
        #expect(region.snapshots.filter { v1Snapshots.contains($0.id) }.isEmpty, "v1's snapshots are deleted")
        #expect(region.amis(of: "web")["1.1.0"]?.map(\.id) == [v2.id])
        #expect(region.amis(of: "web")["2.0.0"]?.map(\.id) == [v3.id])
        #expect(harness.orphanSnapshots(in: region).isEmpty)

        // Revert the bump: the launch template and the configuration go back to v2; nothing is baked.
        let builders = region.instances.filter { $0.tags["kiln:role"] == "builder" }.count
        try harness.repository.git("revert", "--no-edit", "HEAD")
        let reports = try await harness.converge()
        region = try await harness.region()
        #expect(region.launchTemplate("web")?.defaultImage == v2.id)
        #expect(region.launchConfigurationImage(of: "web-legacy") == v2.id)
        #expect(region.instances.filter { $0.tags["kiln:role"] == "builder" }.count == builders, "no bake")
        #expect(region.amis(of: "web")["1.1.0"]?.map(\.id) == [v2.id])
        #expect(region.amis(of: "web")["2.0.0"]?.map(\.id) == [v3.id], "v3 is among the newest two: kept")
        let launched = reports.flatMap(\.outcomes).filter {
            if case .launchBuilder = $0.action.kind { return true }
            return false
        }
        #expect(launched.isEmpty)
    }
}
