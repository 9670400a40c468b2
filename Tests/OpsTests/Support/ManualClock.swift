import Controller
import Foundation
import Synchronization

/// A wall clock that moves only when told to, or by exactly what is slept.
///
/// `sleepBudget` bounds how many sleeps it grants: the sleep after the last one throws `CancellationError`, so a
/// loop that sleeps between ticks runs a known number of ticks and ends without any real waiting.
final class ManualClock: CycleClock {
    private struct State {
        var now: Date
        var sleeps: [Duration] = []
        var sleepBudget: Int
    }

    private let state: Mutex<State>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000), sleepBudget: Int = .max) {
        state = Mutex(State(now: start, sleepBudget: sleepBudget))
    }

    func now() -> Date { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let granted = state.withLock { state -> Bool in
            guard state.sleepBudget > 0 else { return false }
            state.sleepBudget -= 1
            state.sleeps.append(duration)
            state.now = state.now.addingTimeInterval(Self.seconds(duration))
            return true
        }
        guard granted else { throw CancellationError() }
        await Task.yield()
    }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }

    /// Sets the clock.
    func set(_ date: Date) {
        state.withLock { $0.now = date }
    }

    /// Every sleep granted, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// A clock that reads another clock, shifted: a second host whose clock disagrees.
struct SkewedClock: CycleClock {
    let base: ManualClock
    let skew: TimeInterval

    func now() -> Date { base.now().addingTimeInterval(skew) }

    func sleep(for duration: Duration) async throws {
        try await base.sleep(for: duration)
    }
}
