import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Observe → plan → execute, cycle after cycle, until the plan converges: the observer gives the planner what
/// it needs at every phase of a bake and a rollout, and the executor's results read back as progress.
@Suite("Cycles of observe, plan and execute against moto", .cloudWorld)
struct CycleTests {
    static let account = "210987654321"

    @Test("a new version is baked, copied, shared and rolled out, each step once, then nothing is left to do")
    func bakeAndRollOut() async throws {
        let harness = try CloudWorld.harness()
        let owner = "kiln-cycles"
        let build = World(harness: harness, region: "us-east-2", owner: owner)
        let copyRegion = "eu-west-2"
        let template = try await build.launchTemplate("api-lt")
        var image = try Fixtures.image(
            "api", version: "1.0.0", region: build.region, regions: [copyRegion], accounts: [Self.account],
            rollout: RolloutTargets(
                launchTemplates: [LaunchTemplateTarget(name: "api-lt", region: build.region)],
                ssmParameter: "/kiln/api/ami"))
        image.steps = BakeSteps(
            provision: [
                ScriptStep(name: "install", run: "echo install"), ScriptStep(name: "configure", run: "echo configure"),
            ],
            test: [ScriptStep(name: "health", run: "echo healthy")])
        let desired = Fixtures.desired([image], owner: owner)
        let observer = Observer(client: harness.controller)
        let executor = harness.executor(owner: owner)

        var converged = false
        var executed: [String] = []
        for _ in 1...40 {
            let observation = await observer.observe(regions: [build.region, copyRegion], desired: desired)
            #expect(observation.regionFailures.isEmpty)
            let plan = Planner.plan(desired: desired, actual: observation.actual, now: Date())
            if plan.isConverged {
                converged = true
                break
            }
            let work = plan.actions.filter { !$0.kind.isInformational }
            #expect(!work.contains { if case .recordBakeFailure = $0.kind { true } else { false } }, "\(work)")
            for action in work {
                let outcome = try await executor.execute(action)
                #expect(!outcome.isRefused, "\(action.summary): \(outcome)")
                executed.append(action.summary)
            }
        }
        #expect(converged, "\(executed)")

        // One builder, terminated; every step sent exactly once.
        let builders = try await build.ec2.describeInstances(
            .init(filters: [.init(name: "tag:\(KilnTag.role)", values: ["builder"])]))
        #expect(builders.count == 1)
        #expect(builders.first?.state?.name == "terminated")
        let steps = harness.proxy.sentCommands.filter { $0.region == build.region }.map(\.comment)
        #expect(
            steps == [
                "kiln step install", "kiln step configure", "kiln step health", "kiln step kiln:standard-cleanup",
            ])

        // One image in each region, tagged, shared; the rollout targets point at them.
        let built = try await build.ec2.describeImages(.init(owners: ["self"]))
        let copies = try await EC2(client: harness.admin, region: copyRegion).describeImages(.init(owners: ["self"]))
        #expect(built.count == 1 && copies.count == 1)
        let ami = try #require(built.first)
        let copy = try #require(copies.first)
        for found in [ami, copy] {
            #expect(found.tags[tag: KilnTag.owner] == owner)
            #expect(found.tags[tag: KilnTag.version] == "1.0.0")
            #expect(found.tags[tag: KilnTag.recipe] == World.recipe)
        }
        let shared = try await build.ec2.describeImages(.init(owners: ["self"], executableUsers: [Self.account]))
        #expect(shared.map(\.imageId) == [ami.imageId])
        let described = try #require(
            try await build.ec2.describeLaunchTemplates(.init(launchTemplateIds: [template])).first)
        let versions = try await build.ec2.describeLaunchTemplateVersions(.init(template: .id(template)))
        #expect(
            versions.first { $0.versionNumber == described.defaultVersionNumber }?.launchTemplateData?.imageId
                == ami.imageId)
        #expect(try await build.ssm.getParameter(name: "/kiln/api/ami").value == ami.imageId)
        #expect(
            try await SSM(client: harness.admin, region: copyRegion).getParameter(name: "/kiln/api/ami").value
                == copy.imageId)
    }

    @Test("old versions are pruned: deregistered first, their snapshots deleted on a later cycle")
    func prune() async throws {
        let harness = try CloudWorld.harness()
        let owner = "kiln-prune-cycles"
        let world = World(harness: harness, region: "ap-northeast-1", owner: owner)
        let maker = try await world.launch()
        var amis: [String: String] = [:]
        for version in ["1.0.0", "1.1.0", "1.2.0"] {
            let id = try await world.kilnImage("api", version, from: maker)
            let snapshots = try #require(try await world.describeImage(id)).snapshotIds
            try await world.ec2.createTags(
                resources: snapshots,
                tags: [EC2.Tag](world.kilnTags(image: "api", version: version)))
            amis[version] = id
        }
        let old = try #require(amis["1.0.0"])
        let oldSnapshots = try #require(try await world.describeImage(old)).snapshotIds
        var image = try Fixtures.image("api", version: "1.2.0", region: world.region)
        image.retention = Retention(keep: 2, minAge: ManifestDuration(seconds: 0))
        let desired = Fixtures.desired([image], owner: owner)
        let observer = Observer(client: harness.controller)
        let executor = harness.executor(owner: owner)
        let configuration = PlannerConfiguration(snapshotGracePeriod: 0)

        var converged = false
        var executed: [String] = []
        for _ in 1...10 {
            let observation = await observer.observe(regions: [world.region], desired: desired)
            let plan = Planner.plan(
                desired: desired, actual: observation.actual, now: Date(), configuration: configuration)
            if plan.isConverged {
                converged = true
                break
            }
            for action in plan.actions where !action.kind.isInformational {
                let outcome = try await executor.execute(action)
                #expect(!outcome.isRefused, "\(action.summary): \(outcome)")
                executed.append(action.summary)
            }
        }

        #expect(converged, "\(executed)")
        let remaining = try await world.ec2.describeImages(.init(owners: ["self"])).map(\.imageId)
        #expect(Set(remaining) == Set([amis["1.1.0"], amis["1.2.0"]].compactMap { $0 }))
        let snapshots = try await world.ec2.describeSnapshots(.init(ownerIds: ["self"])).map(\.snapshotId)
        #expect(Set(snapshots).isDisjoint(with: oldSnapshots))
        #expect(executed.contains { $0.hasPrefix("deregister \(old)") })
    }
}
