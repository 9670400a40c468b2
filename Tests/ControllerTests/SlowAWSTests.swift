import Controller
import Foundation
import KilnTestSupport
import Planner
import Testing

/// AWS that takes its time: instances and images stay pending, the SSM agent comes online late, the step runs
/// for several polls. The bake waits it out, one phase per cycle, and makes one AMI.
@Suite(.sharedMoto, .serialized)
struct SlowAWSTests {
    @Test func bakeCompletesWhenEverythingIsPendingForAWhile() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        harness.proxy.delayInstanceState(polls: 3)
        harness.proxy.delayImageAvailability(polls: 3)
        harness.proxy.ssmOnlineAfterPolls = 3
        harness.proxy.scriptCommands(
            containing: "echo provisioning", inProgressPolls: 3, outcome: .success(stdout: "ok"))
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0")])

        let reports = try await harness.converge(limit: 40)
        let phases = Set(reports.compactMap { $0.plan?.images.first?.phase })
        #expect(phases.isSuperset(of: [.waitingForAgent, .runningStep, .waitingForImage]), "\(phases)")

        let region = try await harness.region()
        #expect(region.amis(of: "web")["1.0.0"]?.count == 1)
        #expect(region.amis(of: "web")["1.0.0"]?.first?.state == "available")
        #expect(region.instances.filter { $0.tags["kiln:role"] == "builder" }.count == 1)
        #expect(region.liveBuilders.isEmpty)
        #expect(harness.proxy.sentCommands.filter { $0.comment == "kiln step install" }.count == 1)
    }
}
