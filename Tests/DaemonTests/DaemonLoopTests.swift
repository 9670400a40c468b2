import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@testable import Controller
import Planner

@Suite struct DaemonLoopTests {
    static let manifest = DaemonPassTests.manifest
    static let secret = "loop secret"

    /// The loop runs, sleeps on the clock, wakes for a signed webhook only, and for the poll timer.
    @Test func webhooksAndTimersDriveTheLoop() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FakeReconciler()
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: clock)
        let daemon = parts.daemon
        let context = HTTPServer.Context(
            listen: ListenAddress(host: "127.0.0.1", port: 0), maxBodyBytes: 1 << 16,
            webhook: WebhookVerifier(secret: Array(Self.secret.utf8), branch: "main"), triggers: daemon.triggers,
            health: daemon.health, registry: parts.registry, metrics: parts.metrics, clock: clock)
        let app = Application(router: HTTPServer.router(context))

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await daemon.run() }
            defer { group.cancelAll() }
            let settled1 = await eventually { reconciler.commits.count == 1 && clock.sleeperCount == 1 }
            #expect(settled1)
            let settled2 = await eventually { await daemon.passCount == 1 }
            #expect(settled2)

            let bump = try remote.push(["manifests/web.yaml": Self.manifest + "# 2\n"], message: "Bump")
            try await app.test(.router) { client in
                for signature in [nil, Signing.signature(Signing.push(), secret: "wrong")] {
                    let refused = try await WebhookTests.post(client, Signing.push(), signature: signature)
                    #expect(refused.status == .unauthorized)
                }
            }
            // Refused deliveries woke nothing: the loop still sleeps after one pass.
            #expect(clock.sleeperCount == 1)
            #expect(await daemon.passCount == 1)
            #expect(reconciler.commits.count == 1)

            try await app.test(.router) { client in
                let accepted = try await WebhookTests.post(
                    client, Signing.push(), signature: Signing.signature(Signing.push(), secret: Self.secret))
                #expect(accepted.status == .accepted)
            }
            let settled3 = await eventually { reconciler.commits.count == 2 && clock.sleeperCount == 1 }
            #expect(settled3)
            #expect(reconciler.commits.last == bump)

            // The poll timer: a pass that finds nothing new runs no cycle.
            let passes = await daemon.passCount
            clock.advance(by: 61)
            let settled4 = await eventually { await daemon.passCount == passes + 1 && clock.sleeperCount == 1 }
            #expect(settled4)
            #expect(reconciler.commits.count == 2)

            // Past the resync interval a level-triggered cycle runs.
            for _ in 0..<10 {
                clock.advance(by: 61)
                _ = await eventually { clock.sleeperCount == 1 }
            }
            let settled5 = await eventually { reconciler.commits.count == 3 }
            #expect(settled5)
        }
    }

    /// SIGTERM's path: a graceful shutdown of the group ends the loop's wait at once and releases the lease.
    @Test func gracefulShutdownStopsTheLoopAndReleasesTheLease() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FakeReconciler()
        let clock = ManualClock()
        let lockFile = remote.fixture.path("kiln.lock")
        let parts = try DaemonParts(
            remote: remote, reconciler: reconciler, clock: clock, lease: LockFileLease(path: lockFile))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: parts.daemon)],
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let settled6 = await eventually { reconciler.commits.count == 1 && clock.sleeperCount == 1 }
            #expect(settled6)
            let other = LockFileLease(path: lockFile)
            #expect(try await other.acquire() == false)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(try await other.acquire())
            await other.release()
        }
        #expect(reconciler.commits.count == 1)
    }

    /// A graceful shutdown during a cycle lets the running call finish and skips the actions after it.
    @Test func theShutdownAwareExecutorRefusesNewCallsAfterShutdownBegan() async throws {
        let executor = ShutdownAwareExecutor(CountingExecutor())
        let action = FakeReconciler.failingAction
        await testGracefulShutdown { trigger in
            let before = try? await executor.execute(action)
            #expect(before == Execution(.done))
            trigger.triggerGracefulShutdown()
            await #expect(throws: CancellationError.self) { try await executor.execute(action) }
        }
    }
}

/// Does every action.
struct CountingExecutor: Executing {
    func execute(_ action: Action) async throws -> Execution { Execution(.done) }
}
