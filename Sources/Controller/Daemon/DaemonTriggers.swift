import Foundation
import Synchronization

// MARK: - Waking the loop

/// Why the loop woke up.
public enum WakeReason: String, Sendable, Equatable {
    /// The daemon started.
    case startup
    /// The poll interval, a backoff or a re-check time passed.
    case timer
    /// A webhook announced a push.
    case webhook
}

/// The channel between the HTTP handlers and the loop: a webhook `signal()`s, the loop `wait`s for a signal or a
/// deadline, whichever comes first. Signals arriving while the loop is busy coalesce into one.
public final class DaemonTriggers: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Creates a channel with nothing pending.
    public init() {}

    /// Asks the loop for a cycle now.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Whether a signal is waiting to be taken.
    public var isPending: Bool { state.withLock { $0.pending } }

    /// Waits for a signal or until `deadline` on `clock`; throws `CancellationError` when cancelled.
    public func wait(until deadline: Date, clock: any CycleClock) async throws -> WakeReason {
        try await withThrowingTaskGroup(of: WakeReason?.self) { group in
            group.addTask {
                await self.nextSignal()
                return Task.isCancelled ? nil : .webhook
            }
            group.addTask {
                let seconds = deadline.timeIntervalSince(clock.now())
                if seconds > 0 { try await clock.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up)))) }
                return .timer
            }
            defer { group.cancelAll() }
            while let reason = try await group.next() {
                if let reason { return reason }
            }
            throw CancellationError()
        }
    }

    /// Returns when a signal is taken, or when the task is cancelled.
    private func nextSignal() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
