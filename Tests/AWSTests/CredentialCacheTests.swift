import Foundation
import Synchronization
import Testing

@testable import AWS

/// `CachingCredentialProvider`: refresh timing on an injected clock, single-flight refresh, fallbacks.
struct CredentialCacheTests {
    /// Hands out numbered credentials expiring `lifetime` after the clock's now; can fail or hold callers.
    final class SequenceProvider: CredentialProvider {
        let clock: ManualClock
        let lifetime: TimeInterval?
        let calls = Mutex(0)
        let failing = Mutex(false)
        let gate: Gate?

        init(clock: ManualClock, lifetime: TimeInterval? = 3600, gate: Gate? = nil) {
            self.clock = clock
            self.lifetime = lifetime
            self.gate = gate
        }

        var count: Int { calls.withLock { $0 } }

        func credentials() async throws -> Credentials {
            let number = calls.withLock {
                $0 += 1; return $0
            }
            if let gate { await gate.wait() }
            if failing.withLock({ $0 }) { throw CredentialError.retrieval("test", "refresh failed") }
            return Credentials(
                accessKeyID: "AKIA\(number)", secretAccessKey: "s\(number)", sessionToken: "t\(number)",
                expiration: lifetime.map { clock.now.addingTimeInterval($0) })
        }
    }

    /// Suspends callers until opened.
    actor Gate {
        private var open = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            open = true
            for waiter in waiting { waiter.resume() }
            waiting.removeAll()
        }
    }

    /// Yields until `condition` holds (bounded, so a broken cache fails the test instead of hanging it).
    static func until(_ condition: () async -> Bool) async {
        for _ in 0..<200_000 where !(await condition()) { await Task.yield() }
    }

    @Test func refreshesFiveMinutesBeforeExpiry() async throws {
        let clock = ManualClock()
        let source = SequenceProvider(clock: clock)
        let cache = CachingCredentialProvider(source, refreshMargin: 300, maxJitter: 0, now: { clock.now })
        #expect(try await cache.credentials().accessKeyID == "AKIA1")
        clock.advance(by: 3299)  // 301 s before expiry: still cached
        #expect(try await cache.credentials().accessKeyID == "AKIA1")
        clock.advance(by: 1)  // 300 s before expiry: refresh
        #expect(try await cache.credentials().accessKeyID == "AKIA2")
        #expect(source.count == 2)
    }

    @Test func jitterOnlyEverMovesTheRefreshEarlier() async throws {
        let clock = ManualClock()
        let source = SequenceProvider(clock: clock)
        let cache = CachingCredentialProvider(source, refreshMargin: 300, maxJitter: 60, now: { clock.now })
        _ = try await cache.credentials()
        clock.advance(by: 3600 - 361)  // before the earliest jittered refresh time
        _ = try await cache.credentials()
        #expect(source.count == 1)
        clock.advance(by: 61)  // at the latest one
        _ = try await cache.credentials()
        #expect(source.count == 2)
    }

    @Test func longTermCredentialsAreKeptForGood() async throws {
        let clock = ManualClock()
        let source = SequenceProvider(clock: clock, lifetime: nil)
        let cache = CachingCredentialProvider(source, now: { clock.now })
        for _ in 0..<5 {
            _ = try await cache.credentials()
            clock.advance(by: 86_400 * 30)
        }
        #expect(source.count == 1)
    }

    @Test func aFailedRefreshFallsBackToValidCredentialsThenFails() async throws {
        let clock = ManualClock()
        let source = SequenceProvider(clock: clock)
        let cache = CachingCredentialProvider(source, refreshMargin: 300, maxJitter: 0, now: { clock.now })
        _ = try await cache.credentials()
        source.failing.withLock { $0 = true }
        clock.advance(by: 3400)  // inside the refresh window, not yet expired
        #expect(try await cache.credentials().accessKeyID == "AKIA1")
        clock.advance(by: 200)  // expired
        await #expect(throws: CredentialError.retrievalFailed) { try await cache.credentials() }
        source.failing.withLock { $0 = false }
        #expect(try await cache.credentials().accessKeyID == "AKIA4")
    }

    @Test func nearlyExpiredCredentialsAreNotRefetchedOnEveryCall() async throws {
        let clock = ManualClock()
        let source = SequenceProvider(clock: clock, lifetime: 120)  // already inside the 5-minute window
        let cache = CachingCredentialProvider(source, refreshMargin: 300, maxJitter: 0, now: { clock.now })
        for _ in 0..<10 { _ = try await cache.credentials() }
        #expect(source.count == 1)
        clock.advance(by: 30)
        _ = try await cache.credentials()
        #expect(source.count == 2)
    }

    @Test func fiftyConcurrentCallersShareOneRefresh() async throws {
        let clock = ManualClock()
        let gate = Gate()
        let source = SequenceProvider(clock: clock, gate: gate)
        let cache = CachingCredentialProvider(source, now: { clock.now })
        let results = try await withThrowingTaskGroup(of: Credentials.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials() } }
            // Open the gate only once every other caller is waiting on the refresh already running.
            await Self.until { await cache.waitingCallers == 49 }
            await gate.release()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(source.count == 1)
        #expect(results.count == 50)
        #expect(Set(results.map(\.accessKeyID)) == ["AKIA1"])
    }

    @Test func waitersShareTheRefreshFailure() async throws {
        let clock = ManualClock()
        let gate = Gate()
        let source = SequenceProvider(clock: clock, gate: gate)
        source.failing.withLock { $0 = true }
        let cache = CachingCredentialProvider(source, now: { clock.now })
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 { group.addTask { (try? await cache.credentials()) == nil } }
            await Self.until { await cache.waitingCallers == 9 }
            await gate.release()
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 10)
        #expect(source.count == 1)
    }
}
