import Controller
import Foundation
import KilnTestSupport
import Synchronization

/// Things other people do to the git remote at chosen moments of Kiln's work: while a cycle runs (after Kiln's
/// fetch) or just before a status push (after the status publisher's fetch).
final class Interference: Sendable {
    enum Moment: Sendable, Hashable {
        /// At the start of a reconcile cycle.
        case cycle
        /// When the status publisher has fetched the tip and is about to commit and push.
        case push
    }

    private struct State {
        var queued: [Moment: [@Sendable () throws -> Void]] = [:]
        var fired: [Moment: Int] = [:]
        var errors: [String] = []
    }

    private let state = Mutex(State())

    /// Queues `action` for the next `moment`.
    func arm(_ moment: Moment, _ action: @escaping @Sendable () throws -> Void) {
        state.withLock { $0.queued[moment, default: []].append(action) }
    }

    /// Runs the first action queued for `moment`, if any.
    func fire(_ moment: Moment) {
        let action = state.withLock { state -> (@Sendable () throws -> Void)? in
            guard var queue = state.queued[moment], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            state.queued[moment] = queue
            state.fired[moment, default: 0] += 1
            return first
        }
        do {
            try action?()
        } catch {
            state.withLock { $0.errors.append("\(error)") }
        }
    }

    /// Actions still queued for `moment`.
    func pending(_ moment: Moment) -> Int { state.withLock { $0.queued[moment]?.count ?? 0 } }

    /// Actions run at `moment`.
    func fired(_ moment: Moment) -> Int { state.withLock { $0.fired[moment] ?? 0 } }

    /// Failures of the actions themselves (a test error, not Kiln's).
    var errors: [String] { state.withLock { $0.errors } }
}

/// A reconciler that lets the interference act at the start of each cycle, then runs the real one.
struct InterferingReconciler: Reconciling {
    let wrapped: any Reconciling
    let interference: Interference

    func reconcile(_ request: CycleRequest) async -> CycleReport {
        interference.fire(.cycle)
        return await wrapped.reconcile(request)
    }
}

/// The status publisher's clock: the publisher reads the time once per attempt, after fetching the tip and
/// before committing and pushing; the interference acts right then. Otherwise the run's clock.
struct InterferingClock: CycleClock {
    let clock: TestClock
    let interference: Interference

    func now() -> Date {
        interference.fire(.push)
        return clock.now()
    }

    func sleep(for duration: Duration) async throws {
        try await clock.sleep(for: duration)
    }
}

/// A `git daemon` that can be stopped and brought back on the same port (the remote unreachable for a while).
final class RestartableGitDaemon: Sendable {
    let basePath: String
    let port: Int
    private let server: Mutex<GitDaemon?>

    init(basePath: String) throws {
        let first = try GitDaemon(basePath: basePath)
        self.basePath = basePath
        self.port = first.port
        self.server = Mutex(first)
    }

    func url(for repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    /// Kills the daemon; the remote refuses connections.
    func stop() {
        let server = self.server.withLock { $0.take() }
        server?.stop()
    }

    /// Starts a daemon on the same port again (no-op if running).
    func start() throws {
        guard server.withLock({ $0 == nil }) else { return }
        let started = try GitDaemon(basePath: basePath, port: port)
        server.withLock { $0 = started }
    }

    var isRunning: Bool { server.withLock { $0 != nil } }
}
