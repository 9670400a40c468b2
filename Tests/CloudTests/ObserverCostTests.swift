import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

extension ObserverSuites {
    @Suite("Observer: failures, call counts and faults")
    struct ObserverCostTests {
        static let account = "210987654321"

        /// `count` Kiln images of ours in the world's region, each desired at its existing version.
        static func seed(_ world: World, images count: Int) async throws -> [DesiredImage] {
            let maker = try await world.launch()
            var desired: [DesiredImage] = []
            for index in 0..<count {
                let name = "img-\(index)"
                let image = try await world.kilnImage(name, "1.0.0", from: maker)
                if index == 0 {
                    let template = try await world.launchTemplate("shared-lt")
                    _ = try await world.addVersion(to: template, image: image, description: "kiln:\(name)/1.0.0")
                }
                desired.append(
                    try Fixtures.image(
                        name, version: "1.0.0", region: world.region, accounts: [account],
                        rollout: RolloutTargets(launchTemplates: [
                            LaunchTemplateTarget(name: "shared-lt", region: world.region)
                        ])))
            }
            return desired
        }

        @Test("a steady state costs the same number of calls with 3 or 30 images")
        func callsDoNotGrowWithImages() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-cost"
            let small = World(harness: harness, region: "us-west-1", owner: owner)
            let large = World(harness: harness, region: "us-west-2", owner: owner)
            let desired = Fixtures.desired(
                try await Self.seed(small, images: 3) + (try await Self.seed(large, images: 30)), owner: owner)
            let before = (harness.proxy.count(region: small.region), harness.proxy.count(region: large.region))

            let observation = await Observer(client: harness.controller)
                .observe(regions: [small.region, large.region], desired: desired)

            #expect(observation.actual.failedRegions.isEmpty, "\(observation.regionFailures)")
            #expect(observation.actual.images.count == 33)
            #expect(observation.actual.sourceLookups.isEmpty)
            #expect(observation.actual.images.allSatisfy { $0.launchPermissionAccounts.isEmpty })
            let smallCalls = harness.proxy.count(region: small.region) - before.0
            let largeCalls = harness.proxy.count(region: large.region) - before.1
            // One STS GetCallerIdentity per observation (asked of the first region), not per region or image.
            #expect(smallCalls == largeCalls + 1)
            #expect(harness.proxy.count(service: "sts", action: "GetCallerIdentity", region: small.region) == 1)
            // DescribeImages (self), DescribeImages (executable by the account), snapshots, instances, templates,
            // the latest and default versions of all templates, configurations, groups, one page of parameters
            // under /kiln/: nothing per image.
            #expect(largeCalls == 9)
            #expect(harness.proxy.count(service: "ec2", action: "DescribeImages", region: large.region) == 2)
        }

        @Test("a region that keeps failing lands in failedRegions; the other region is observed")
        func failingRegion() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-failing"
            let healthy = World(harness: harness, region: "eu-west-3", owner: owner)
            let broken = "eu-north-1"
            let maker = try await healthy.launch()
            let image = try await healthy.kilnImage("api", "1.0.0", from: maker)
            let rule = harness.proxy.inject(.httpError(status: 500), on: CallMatcher(region: broken))
            defer { harness.proxy.remove(rule) }
            let desired = Fixtures.desired(
                [try Fixtures.image("api", version: "1.0.0", region: healthy.region, regions: [broken])], owner: owner)

            let observation = await Observer(client: harness.controller)
                .observe(regions: [healthy.region, broken], desired: desired)

            #expect(observation.actual.observedRegions == [healthy.region, broken])
            #expect(observation.actual.failedRegions == [broken])
            #expect(!observation.actual.isKnown(broken))
            #expect(observation.actual.isKnown(healthy.region))
            let failure = try #require(observation.regionFailures[broken])
            #expect(failure.awsCode == "HTTP500")
            #expect(failure.region == broken)
            #expect(observation.regionFailures[healthy.region] == nil)
            #expect(observation.actual.images.map(\.id) == [image])
            #expect(observation.actual.images.allSatisfy { $0.region == healthy.region })
            #expect(harness.proxy.firedCount(rule) >= 4, "the client retried before giving up")
        }

        @Test("throttling and 500s are retried: the observation equals the one without faults")
        func faultsAreRetried() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-faults"
            let world = World(harness: harness, region: "ap-northeast-1", owner: owner)
            let desired = Fixtures.desired(try await Self.seed(world, images: 4), owner: owner)
            let observer = Observer(client: harness.controller)
            let clean = await observer.observe(regions: [world.region], desired: desired)

            var rules: [ProxyHookID] = []
            for action in ["DescribeImages", "DescribeInstances", "DescribeLaunchTemplateVersions"] {
                rules.append(
                    harness.proxy.inject(
                        .throttle, on: .action(action, of: "ec2", in: world.region), trigger: .nextCalls(2)))
            }
            rules.append(
                harness.proxy.inject(
                    .httpError(status: 503), on: CallMatcher(service: "autoscaling", region: world.region),
                    trigger: .nextCalls(2)))
            defer { rules.forEach(harness.proxy.remove) }
            let faulty = await observer.observe(regions: [world.region], desired: desired)

            #expect(clean.actual.failedRegions.isEmpty)
            #expect(faulty.actual.failedRegions.isEmpty, "\(faulty.regionFailures)")
            #expect(rules.map(harness.proxy.firedCount).allSatisfy { $0 == 2 })
            #expect(faulty.actual == clean.actual)
        }

        @Test("instance refreshes are read only for refresh targets whose instances run another AMI")
        func refreshesOnlyWhenOutdated() async throws {
            let harness = try CloudWorld.harness()
            let owner = "kiln-refresh"
            let world = World(harness: harness, region: "ap-southeast-1", owner: owner)
            let maker = try await world.launch()
            let desiredAMI = try await world.kilnImage("api", "2.0.0", from: maker)
            let current = try await world.launchTemplate("current-lt", image: desiredAMI)
            let outdated = try await world.launchTemplate("outdated-lt")
            try await world.group("current", template: current, version: "$Default", capacity: 1)
            try await world.group("outdated", template: outdated, version: "$Default", capacity: 1)
            let started = try await AutoScaling(client: harness.admin, region: world.region)
                .startInstanceRefresh(.init(autoScalingGroupName: "outdated"))
            let targets = [
                LaunchTemplateTarget(
                    name: "current-lt", region: world.region,
                    refresh: InstanceRefresh(autoScalingGroup: "current")),
                LaunchTemplateTarget(
                    name: "outdated-lt", region: world.region,
                    refresh: InstanceRefresh(autoScalingGroup: "outdated")),
            ]
            let desired = Fixtures.desired(
                [
                    try Fixtures.image(
                        "api", version: "2.0.0", region: world.region, rollout: RolloutTargets(launchTemplates: targets)
                    )
                ],
                owner: owner)
            let before = harness.proxy.count(
                service: "autoscaling", action: "DescribeInstanceRefreshes", region: world.region)

            let observation = await Observer(client: harness.controller).observe(
                regions: [world.region], desired: desired)

            let groups = Dictionary(uniqueKeysWithValues: observation.actual.autoScalingGroups.map { ($0.name, $0) })
            #expect(
                observation.actual.instances.filter { $0.tags[KilnTag.autoScalingGroup] == "current" }
                    .allSatisfy { $0.imageId == desiredAMI })
            #expect(groups["current"]?.instanceRefreshes == [])
            #expect(groups["outdated"]?.instanceRefreshes.map(\.id) == [started])
            #expect(groups["outdated"]?.instanceRefreshes.first?.status == .successful)
            let calls =
                harness.proxy.count(
                    service: "autoscaling", action: "DescribeInstanceRefreshes", region: world.region) - before
            #expect(calls == 1)
        }
    }
}
