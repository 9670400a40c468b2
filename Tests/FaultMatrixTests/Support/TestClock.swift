import Controller
import Foundation
import Synchronization

/// A cycle clock that moves only when told to, or when slept on (sleeping advances it at once).
final class TestClock: CycleClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_717_243_200)) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        await Task.yield()
    }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Moves the clock to `date` if it is later.
    func advance(to date: Date) {
        current.withLock { $0 = max($0, date) }
    }
}
