import Cloud
import Foundation
import KilnTestSupport
import Synchronization
import Testing

@testable import Controller
@testable import Planner

/// The daemon hands each cycle's events to its notifier without waiting for delivery.
@Suite struct DaemonNotifyTests {
    final class Sink: NotificationSink {
        let events = Mutex<[NotificationEvent]>([])
        var kind: String { "webhook" }
        var display: String { "test" }
        func accepts(_ kind: NotificationEvent.Kind) -> Bool { true }
        func deliver(_ event: NotificationEvent, body: Data) async throws {
            events.withLock { $0.append(event) }
        }
    }

    @Test func aCyclesLaunchIsToldAsABakeStart() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonPassTests.manifest])
        let manifestCommit = try remote.origin.git("rev-parse", "main")
        let launch = Action(
            .launchBuilder(
                launch: LaunchBuilder(
                    sourceImageId: "ami-0source", instanceType: "t3.small", securityGroupIds: [],
                    instanceProfile: "kiln-builder", rootVolume: RootVolume(), associatePublicIp: false, tags: [:],
                    clientToken: ClientToken(input: "web/1.1.0/1"), attempt: 1)),
            reason: "no AMI for this version", image: "web", version: SemanticVersion("1.1.0"), region: "us-east-1")
        let reconciler = FakeReconciler { commit in
            Reports.report(
                commit: commit, images: [Reports.baking("web", version: "1.1.0")], actions: [launch],
                outcomes: [ActionOutcome(launch, .done, detail: "i-0builder")])
        }
        let sink = Sink()
        let notifier = Notifier(sinks: [sink])
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: ManualClock(), notifier: notifier)
        let running = Task { try await notifier.run() }
        #expect(await parts.daemon.pass(.startup) == .cycled)
        for _ in 0..<500 where sink.events.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
        running.cancel()
        _ = try? await running.value
        let events = sink.events.withLock { $0 }
        #expect(events.map(\.event) == [.bakeStarted])
        #expect(events.first?.commit == manifestCommit && events.first?.version == "1.1.0")
    }
}
