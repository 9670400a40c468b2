import Controller
import Foundation
import Synchronization

/// A cycle clock that moves only when told to, or when slept on (sleeping advances it at once).
final class TestClock: CycleClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: TimeInterval(duration.components.seconds))
    }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
