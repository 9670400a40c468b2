import Foundation
import Logging
import ServiceLifecycle

// MARK: - Keeping the lease (a Service beside the daemon)

extension DynamoDBLease: Service {
    /// Renews the lease every `renewInterval` while this holder believes it holds it, until cancelled or shut down.
    ///
    /// Run it in the same `ServiceGroup` as the daemon, listed before it: the daemon acquires the lease at each
    /// pass and releases it when it stops; this loop keeps a held lease alive between passes and through long
    /// cycles. It never acquires. A failed renewal is logged and retried on the next tick; if none succeeds,
    /// `isHeld` turns false when the trust window runs out.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await self.clock.sleep(for: self.configuration.renewInterval)
                    await self.renewIfHeld()
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// One tick of `run()`: renews when this holder believes it holds the lease; does nothing otherwise.
    ///
    /// Returns the answer, or nil when nothing was held or the table could not be reached (logged as a warning).
    @discardableResult
    public func renewIfHeld() async -> LeaseStatus? {
        guard let trusted = state.withLock({ $0.trustedUntil }) else { return nil }
        if clock.now() >= trusted {
            logger.warning(
                "lease trust window ran out before a renewal succeeded; acting stops",
                metadata: ["lease": "\(configuration.name)"])
        }
        do {
            return try await renew()
        } catch {
            logger.warning("lease renewal failed", metadata: ["lease": "\(configuration.name)", "error": "\(error)"])
            return nil
        }
    }
}

// MARK: - The daemon's view

extension DynamoDBLease: LeaseProvider {
    /// True when this holder may act: a lease renewed within the last `renewInterval` is taken as is; otherwise
    /// it is renewed (when held) or acquired (when free or expired). False while another holder has it.
    public func acquire() async throws -> Bool {
        if let trusted = trustedUntil {
            let renewed = trusted.addingTimeInterval(
                -(configuration.duration - configuration.clockSkewMargin).timeInterval)
            let now = clock.now()
            if now < trusted, now < renewed.addingTimeInterval(configuration.renewInterval.timeInterval) {
                return true
            }
            return try await renew().isHeld
        }
        return try await tryAcquire().isHeld
    }

    /// Hands the lease over (see `handOver()`); a failure is logged, and the lease then simply expires.
    public func release() async {
        do {
            try await handOver()
        } catch {
            logger.warning(
                "cannot release the lease; it expires on its own",
                metadata: ["lease": "\(configuration.name)", "error": "\(error)"])
        }
    }
}
