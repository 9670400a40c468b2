import Foundation
import Synchronization

// MARK: - Replayed deliveries

/// The `X-GitHub-Delivery` ids seen in the last hour, so a delivery sent again is acknowledged and ignored.
///
/// Memory is bounded: at most `capacity` ids are kept (the oldest go first), each at most 128 characters. The id
/// is not covered by GitHub's signature, so this stops redeliveries and naive replays; a replay under a fresh id
/// can at most wake the loop early, which a poll would do anyway.
public final class WebhookDeliveries: Sendable {
    private struct State {
        var seen: [String: Date] = [:]
        var order: [(id: String, at: Date)] = []
        var head = 0
    }

    private let state = Mutex(State())
    /// How long an id is remembered.
    public let window: TimeInterval
    /// At most this many ids are remembered.
    public let capacity: Int

    /// Remembers ids for `window` seconds, at most `capacity` of them.
    public init(window: TimeInterval = 3600, capacity: Int = 10_000) {
        self.window = window
        self.capacity = max(capacity, 1)
    }

    /// Records `id` at `now`: true the first time within the window, false for a repeat.
    public func isFirst(_ id: String, at now: Date) -> Bool {
        let key = String(id.prefix(128))
        return state.withLock { state in
            Self.forget(&state, before: now.addingTimeInterval(-window), keeping: capacity - 1)
            if let seen = state.seen[key], now.timeIntervalSince(seen) < window { return false }
            state.seen[key] = now
            state.order.append((key, now))
            return true
        }
    }

    /// How many ids are remembered.
    public var count: Int { state.withLock { $0.seen.count } }

    /// Drops ids older than `cutoff`, then the oldest until at most `keeping` remain.
    private static func forget(_ state: inout State, before cutoff: Date, keeping: Int) {
        while state.head < state.order.count {
            let oldest = state.order[state.head]
            guard oldest.at < cutoff || state.seen.count > keeping else { break }
            if state.seen[oldest.id] == oldest.at { state.seen[oldest.id] = nil }
            state.head += 1
        }
        if state.head > 1024, state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}
