import Foundation

/// Caches another provider's credentials and refreshes them before they expire.
///
/// Temporary credentials are refreshed once `now` passes `expiration - refreshMargin - jitter` (jitter drawn
/// anew for each set, up to `maxJitter`, so many processes do not refresh at the same instant). Credentials
/// without an expiration are kept for good. Concurrent callers share one refresh: the first caller runs it
/// inside its own call, the others wait for its result. If a refresh fails while the cached credentials are
/// still valid, those are returned and the next call tries again.
public actor CachingCredentialProvider: CredentialProvider {
    private enum Outcome: Sendable {
        case value(Credentials)
        case failure(any Error)
        /// The caller running the refresh was cancelled: a waiter should run it itself.
        case retry
    }

    private let source: any CredentialProvider
    private let refreshMargin: TimeInterval
    private let maxJitter: TimeInterval
    private let now: @Sendable () -> Date

    private var cached: Credentials?
    private var refreshAt: Date?
    private var refreshing = false
    private var waiters: [CheckedContinuation<Outcome, Never>] = []

    /// Wraps `source`; `now` is the clock (inject one in tests).
    public init(
        _ source: any CredentialProvider, refreshMargin: TimeInterval = 300, maxJitter: TimeInterval = 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.source = source
        self.refreshMargin = refreshMargin
        self.maxJitter = max(0, maxJitter)
        self.now = now
    }

    /// Callers waiting for a refresh another caller is running (for tests).
    var waitingCallers: Int { waiters.count }

    public func credentials() async throws -> Credentials {
        while true {
            if let cached, !needsRefresh(at: now()) { return cached }
            if refreshing {
                switch await withCheckedContinuation({ waiters.append($0) }) {
                case .value(let credentials): return credentials
                case .failure(let error): throw error
                case .retry: continue
                }
            }
            return try await refresh()
        }
    }

    private func needsRefresh(at date: Date) -> Bool {
        guard let refreshAt else { return false }
        return date >= refreshAt
    }

    /// Runs the source once, in this caller's task, and hands the outcome to every waiter.
    private func refresh() async throws -> Credentials {
        refreshing = true
        let outcome: Outcome
        var leaderError: (any Error)?
        do {
            outcome = .value(try await source.credentials())
        } catch {
            // A failure caused by this caller's cancellation is not the waiters' failure.
            outcome = Task.isCancelled ? .retry : .failure(error)
            leaderError = error
        }
        refreshing = false
        let result = settle(outcome)
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(returning: result) }
        if case .value(let credentials) = result { return credentials }
        throw leaderError ?? CancellationError()
    }

    /// When to refresh credentials expiring at `expiration`: the margin and jitter early, but when they arrive
    /// already inside that window, not before half their remaining life (at most 30 s), so a source that keeps
    /// serving the same nearly-expired set is not asked again on every call.
    private func refreshTime(_ expiration: Date) -> Date {
        let current = now()
        let planned = expiration.addingTimeInterval(-refreshMargin - Double.random(in: 0...maxJitter))
        let remaining = expiration.timeIntervalSince(current)
        return max(planned, current.addingTimeInterval(min(30, max(0, remaining / 2))))
    }

    /// Stores fresh credentials, or falls back to still-valid cached ones when the refresh failed.
    private func settle(_ outcome: Outcome) -> Outcome {
        switch outcome {
        case .value(let credentials):
            cached = credentials
            refreshAt = credentials.expiration.map(refreshTime)
            return outcome
        case .failure:
            if let cached, let expiration = cached.expiration, now() < expiration { return .value(cached) }
            return outcome
        case .retry:
            return outcome
        }
    }
}

extension CredentialProvider {
    /// This provider behind a `CachingCredentialProvider` with the default margins.
    public func cached(now: @escaping @Sendable () -> Date = { Date() }) -> CachingCredentialProvider {
        CachingCredentialProvider(self, now: now)
    }
}
