import Controller
import Foundation
import KilnTestSupport
import Testing

@Suite(.sharedMoto, .serialized)
struct SmokeTests {
    @Test func bakesOneImage() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        try harness.commit(["web.yaml": Manifests.image(version: "1.0.0")])
        let reports = try await harness.converge()
        for report in reports {
            print(report.plan?.text ?? "-", report.issues)
        }
        let world = try await harness.world.state()
        let region = try #require(world["us-east-1"])
        #expect(region.amis(of: "web")["1.0.0"]?.count == 1)
        #expect(region.liveBuilders.isEmpty)
    }
}
