import Controller
import Foundation
import Synchronization

/// A clock whose sleeps return at once, moving it forward by the time slept.
final class InstantClock: CycleClock {
    private let current = Mutex(Date(timeIntervalSince1970: 1_717_243_200))

    func now() -> Date { current.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        await Task.yield()
    }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
