import Controller
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Applying a plan: a failed action stops the rest of its image's actions but not other images'; repeated cycles
/// stop when converged, stuck or out of time; `kiln apply` logs JSON lines when not on a terminal.
@Suite(.sharedMoto, .serialized)
struct ApplyTests {
    @Test func aFailedActionStopsTheRestOfItsImageOnly() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        let world = harness.world
        let east = try await world.baseImage(region: "us-east-1")
        let west = try await world.baseImage(region: "us-west-2")
        try await world.createLaunchTemplate("web", imageId: east)
        try await world.createLegacyGroup("web-legacy", configuration: "web-base", imageId: east)
        try await world.createLaunchTemplate("api", imageId: west, region: "us-west-2")
        try await world.createLegacyGroup("api-legacy", configuration: "api-base", imageId: west, region: "us-west-2")
        let denied = harness.proxy.inject(
            .awsError(status: 403, code: "UnauthorizedOperation", message: "not allowed"),
            on: .action("CreateLaunchTemplateVersion", of: "ec2", in: "us-east-1"))
        try harness.commit([
            "web.yaml": Manifests.image(version: "1.0.0", launchTemplate: "web", legacyGroup: "web-legacy"),
            "api.yaml": Manifests.image(
                "api", version: "1.0.0", launchTemplate: "api", legacyGroup: "api-legacy", region: "us-west-2"),
        ])

        let cycle = harness.cycle()
        var failing: CycleReport?
        for _ in 0..<14 {
            let report = await cycle.run(.apply)
            if report.hasFailedActions { failing = report }
            if report.plan?.images.first(where: { $0.name == "api" })?.conditions.map(\.type) == [.ready] { break }
            harness.clock.advance(by: 5)
        }
        let report = try #require(failing)
        let web = report.outcomes.filter { $0.action.image == "web" }
        #expect(web.map(\.action.kind.name) == ["createLaunchTemplateVersion", "replaceLaunchConfiguration"])
        #expect(web.first?.failed == true)
        #expect(web.last?.status == .skipped("an earlier action failed: \(web[0].action.summary)"))
        #expect(
            report.issues.contains { $0.reason == .awsAccessDenied && $0.category == .stalled && $0.image == "web" })

        let eastWorld = try await harness.region("us-east-1")
        let webAMI = try #require(eastWorld.amis(of: "web")["1.0.0"]?.first?.id)
        #expect(eastWorld.launchTemplate("web")?.defaultImage == east, "the failed action changed nothing")
        #expect(eastWorld.launchConfigurationImage(of: "web-legacy") == east, "the skipped action did not run")
        let westWorld = try await harness.region("us-west-2")
        let apiAMI = try #require(westWorld.amis(of: "api")["1.0.0"]?.first?.id)
        #expect(westWorld.launchTemplate("api")?.defaultImage == apiAMI, "the other image went on")
        #expect(westWorld.launchConfigurationImage(of: "api-legacy") == apiAMI)

        harness.proxy.remove(denied)
        try await harness.converge(limit: 4)
        let healed = try await harness.region("us-east-1")
        #expect(healed.launchTemplate("web")?.defaultImage == webAMI)
        #expect(healed.launchConfigurationImage(of: "web-legacy") == webAMI)
    }

    @Test func repeatedCyclesStopWhenStuckOrOutOfTime() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0", launchTemplate: "nowhere")])
        let cycle = harness.cycle()

        let short = await cycle.applyUntilConverged(timeout: .seconds(60), interval: .seconds(30))
        #expect(short.ending == .timedOut)
        #expect(short.cycles == 3, "cycles at 0, 30 and 60 seconds of the test clock")

        var seen: [Int] = []
        let result = await cycle.applyUntilConverged(timeout: .seconds(3600), interval: .seconds(30)) { _, number, _ in
            seen.append(number)
        }
        #expect(result.ending == .stuck, "baked, but the launch template to roll out to does not exist")
        #expect(seen == Array(1...result.cycles))
        #expect(result.last.stalled.map(\.reason) == [.targetMissing])
        #expect(result.last.missing.map(\.description) == ["launch template nowhere in us-east-1 (named by web)"])
        #expect(try await harness.region().amis(of: "web")["1.0.0"]?.count == 1)
    }

    @Test func kilnApplyRunsOneCycleAndLogsJSONLines() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0")])
        let output = try await ProcessRunner.run(
            PlanCommandTests.executable, ["apply", "--repo", harness.repository.path, "--owner", harness.owner],
            environment: PlanCommandTests.environment(endpoint: harness.proxy.endpoint))
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count && !lines.isEmpty, "every line is a JSON object: \(output.stdout)")
        #expect(
            objects.contains { $0["message"] as? String == "action done" && $0["action"] as? String == "launchBuilder" }
        )
        let launches = objects.filter { ($0["action"] as? String)?.hasPrefix("launchBuilder") == true }
        #expect(launches.count == 1, "the launch is logged once: \(launches)")
        #expect(objects.contains { $0["message"] as? String == "cycle finished" && $0["done"] as? String == "1" })
        let region = try await harness.region()
        #expect(region.liveBuilders.map { $0.tags["kiln:owner"] } == [harness.owner], "one cycle: one builder launched")
    }
}
