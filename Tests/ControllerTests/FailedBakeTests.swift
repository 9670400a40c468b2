import Controller
import Foundation
import KilnTestSupport
import Planner
import Testing

/// A provisioning step that fails: the builder goes, no AMI is made, the failure and the step's output are
/// reported, and the bake is retried at most `maxAttempts` times, after backoffs passed with the test clock.
@Suite(.sharedMoto, .serialized)
struct FailedBakeTests {
    @Test func failingStepIsRetriedUpToMaxAttemptsThenStalls() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        harness.proxy.scriptCommands(
            containing: "make-it-fail",
            outcome: .failed(stdout: "installing\nstill installing", stderr: "E: package not found", exitCode: 3))
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0", maxAttempts: 2, provision: "make-it-fail")])
        let cycle = harness.cycle()

        var reports: [CycleReport] = []
        for _ in 0..<16 {
            let report = await cycle.run(.apply)
            reports.append(report)
            if report.isStuck { break }
            // Pass every backoff (2 and 4 minutes) without waiting for it.
            harness.clock.advance(by: report.issues.contains { $0.reason == .bakeBackingOff } ? 300 : 5)
        }

        // Two attempts, each reported with the step, its exit code, its output and where it is written.
        let failures = reports.flatMap(\.recordedFailures)
        #expect(failures.map(\.failure.attempt) == [1, 2])
        for failure in failures {
            #expect(failure.failure.step == "install")
            #expect(failure.failure.exitCode == 3)
            #expect(failure.failure.outputTail?.contains("E: package not found") == true)
            #expect(failure.location?.file == "manifests/web.yaml")
            #expect(failure.location?.line == 15)
        }

        // Then the bake stalls: it needs a person (a changed manifest), and nothing more is launched.
        let last = try #require(reports.last)
        #expect(last.isStuck)
        #expect(last.issues.contains { $0.reason == .bakeStalled && $0.category == .stalled && $0.image == "web" })
        harness.clock.advance(by: 86_400)
        let later = await cycle.run(.apply)
        #expect(later.isStuck)
        #expect(later.outcomes.allSatisfy { !$0.succeeded })

        let region = try await harness.region()
        #expect(region.amis(of: "web").isEmpty, "a failed bake makes no AMI")
        #expect(region.liveBuilders.isEmpty, "failed builders are terminated")
        let builders = region.instances.filter { $0.tags["kiln:role"] == "builder" }
        #expect(builders.count == 2, "one builder per attempt, no more")
        #expect(builders.allSatisfy { $0.tags["kiln:phase"] == "failed" })
        #expect(harness.orphanSnapshots(in: region).isEmpty)
    }

    @Test func changingTheManifestRetriesAStalledBake() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        harness.proxy.scriptCommands(containing: "make-it-fail", outcome: .failed(stderr: "boom", exitCode: 1))
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0", maxAttempts: 1, provision: "make-it-fail")])
        let cycle = harness.cycle()
        var stuck = false
        for _ in 0..<8 where !stuck {
            stuck = await cycle.run(.apply).isStuck
            harness.clock.advance(by: 5)
        }
        #expect(stuck, "one failed attempt of one allowed stalls the bake")

        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0", maxAttempts: 1, provision: "echo fixed")])
        try await harness.converge()
        let region = try await harness.region()
        #expect(region.amis(of: "web")["1.0.0"]?.count == 1, "a new recipe is a new bake")
        #expect(region.liveBuilders.isEmpty)
    }
}
