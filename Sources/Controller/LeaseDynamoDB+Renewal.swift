import Foundation
import Logging

// MARK: - Keeping the lease

extension DynamoDBLease {
    /// Keeps the lease until cancelled: every `renewInterval` it renews a held lease or tries to acquire a free one.
    ///
    /// Run it beside the work the lease guards (in the same task group) and check `isHeld` before acting. A failed
    /// renewal is logged and retried on the next tick; if none succeeds, `isHeld` turns false when the trust
    /// window runs out. Throws `CancellationError` when cancelled; it does not release the lease — call
    /// `release()` afterwards, from a task that is not cancelled, to hand over at once.
    public func run() async throws {
        while true {
            try Task.checkCancellation()
            await refresh()
            try await clock.sleep(for: configuration.renewInterval)
        }
    }

    /// One tick of `run()`: renew when this holder believes it holds the lease, acquire otherwise.
    ///
    /// Returns the answer, or nil when the table could not be reached (logged as a warning).
    @discardableResult
    public func refresh() async -> LeaseStatus? {
        let trusted = state.withLock { $0.trustedUntil }
        if let trusted, clock.now() >= trusted {
            state.withLock { state in
                if state.trustedUntil == trusted { state.trustedUntil = nil }
            }
            logger.warning(
                "lease trust window ran out before a renewal succeeded; acting stops",
                metadata: ["lease": "\(configuration.name)"])
        }
        do {
            return trusted != nil ? try await renew() : try await acquire()
        } catch {
            logger.warning(
                "lease write failed", metadata: ["lease": "\(configuration.name)", "error": "\(error)"])
            return nil
        }
    }
}
