import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

import Cloud
@testable import Controller
@testable import Planner

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
            remote: remote, reconciler: reconciler, clock: clock, lease: LockFile(path: lockFile))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: parts.daemon)],
                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let settled6 = await eventually { reconciler.commits.count == 1 && clock.sleeperCount == 1 }
            #expect(settled6)
            let other = LockFile(path: lockFile)
            #expect(try await other.acquire() == false)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(try await other.acquire())
            other.release()
        }
        #expect(reconciler.commits.count == 1)
    }

    /// A graceful shutdown during a cycle lets the running call finish and skips the actions after it.
    @Test func theApplyStepStartsNoCallAfterShutdownBegan() async throws {
        let action = FakeReconciler.failingAction
        await testGracefulShutdown { trigger in
            let executor = ScriptedExecutor { _ in trigger.triggerGracefulShutdown() }
            let outcomes = await Self.apply([action, action], executor: executor, fence: .none)
            #expect(outcomes.map(\.status) == [.done, .skipped("the cycle was cancelled")])
            #expect(executor.calls == 1)
        }
    }
}

extension DaemonLoopTests {
    /// A lease lost mid-cycle (renewals failed past the trust window) stops the cycle before its next call.
    @Test func theLeaseFenceRefusesNewCallsOnceTheLeaseIsLost() async throws {
        let lease = SwitchedLease()
        #expect(throws: Never.self, "no lease outside the daemon: no fence") { try LeaseFence.none.check() }
        let fence = LeaseFence(lease)
        #expect(throws: Never.self) { try fence.check() }
        lease.held = false
        #expect(throws: LeaseLostError.self) { try fence.check() }
        lease.held = true
        #expect(throws: Never.self) { try fence.check() }

        // The apply step checks the fence before each call: the lease lost during the first, the second never runs.
        let executor = ScriptedExecutor { _ in lease.held = false }
        let action = FakeReconciler.failingAction
        let outcomes = await Self.apply([action, action], executor: executor, fence: fence)
        #expect(executor.calls == 1)
        #expect(outcomes.first?.status == .done)
        guard case .failed(_, let message) = outcomes.last?.status else {
            Issue.record("the second action was not refused by the fence: \(outcomes)")
            return
        }
        #expect(message.contains("the lease is no longer held"))
    }

    /// The daemon passes its lease to each cycle as the fence.
    @Test func theDaemonRunsCyclesUnderItsLease() async throws {
        let remote = try Remote(manifests: ["web.yaml": Self.manifest])
        let reconciler = FenceRecordingReconciler()
        let lease = SwitchedLease()
        let parts = try DaemonParts(remote: remote, reconciler: reconciler, clock: ManualClock(), lease: lease)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        let fence = try #require(reconciler.fence.withLock { $0 })
        #expect(fence.isHeld)
        lease.held = false
        #expect(!fence.isHeld, "the fence is the daemon's lease")
    }

    /// Runs the apply step of a cycle over `actions` with `executor`, under `fence`.
    static func apply(
        _ actions: [Action], executor: any Executing, fence: LeaseFence,
        logger: Logger = Logger(label: "kiln.test") { _ in SwiftLogNoOpLogHandler() }
    ) async -> [ActionOutcome] {
        let cycle = Cycle(
            source: NoSource(), observer: NoObserver(), executor: executor,
            configuration: Cycle.Configuration(owner: "kiln-test"), clock: ManualClock(), logger: logger)
        var state = CycleState(
            report: CycleReport(owner: "kiln-test", mode: .apply, startedAt: Reports.start), fence: fence, status: nil)
        state.report.plan = Plan(actions: actions, images: [], notices: [])
        _ = await cycle.apply(&state)
        return state.report.outcomes
    }
}

/// A lease whose state the test sets.
final class SwitchedLease: LeaseProvider {
    private let state = Mutex(true)

    var held: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    func acquire() async throws -> Bool { held }
    func release() async {}
    var isHeld: Bool { held }
}

/// Records the fence each cycle ran under.
final class FenceRecordingReconciler: Reconciling {
    let fence = Mutex<LeaseFence?>(nil)

    func reconcile(_ request: CycleRequest) async -> CycleReport {
        fence.withLock { $0 = request.fence }
        return FakeReconciler.ready("?")
    }
}

/// Does every action, counting the calls and telling `onCall` the number of each.
final class ScriptedExecutor: Executing {
    private let count = Mutex(0)
    private let onCall: @Sendable (Int) -> Void

    init(onCall: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onCall = onCall
    }

    var calls: Int { count.withLock { $0 } }

    func execute(_ action: Action) async throws -> ActionOutcome {
        let number = count.withLock { count in
            count += 1
            return count
        }
        onCall(number)
        return ActionOutcome(action, .done)
    }
}

/// A source for cycles whose steps are run one by one.
struct NoSource: ManifestSource {
    func snapshot() async throws(SourceError) -> SourceSnapshot { SourceSnapshot(commit: "?", manifests: []) }
}

/// An observer for cycles whose steps are run one by one.
struct NoObserver: Observing {
    func observe(desired: DesiredState, regions: Set<String>) async throws -> ObservedWorld {
        throw CancellationError()
    }
}
