import Foundation

// MARK: - Time

/// The cycle's source of time: the wall clock for planning, and sleeping between cycles.
///
/// Tests inject a clock that moves only when told (or when slept on), so backoffs and timeouts pass instantly.
public protocol CycleClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends for `duration` (throws `CancellationError` when cancelled).
    func sleep(for duration: Duration) async throws
}

/// The system's wall clock and `Task.sleep`.
public struct SystemCycleClock: CycleClock {
    /// Creates the system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
