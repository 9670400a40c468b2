import KilnTestSupport
import Synchronization

/// The AWS fault mix of the matrix, installed on a proxy: 20% throttling, 5% HTML 500s, 2% connection resets (half
/// before the call reaches moto, half after moto carried it out: the answer is lost), and random latency. Faults
/// pause while the test itself reads or changes the world, so only Kiln's calls see them.
final class AWSFaultProfile: Sendable {
    /// One kind of fault and its trigger.
    struct Entry: Sendable {
        var kind: String
        var fault: Fault
        var probability: Double
    }

    /// The matrix's mix. A call takes the first terminal fault that fires and later terminal rules do not draw,
    /// so each terminal rule's probability is its share of all calls divided by the share the earlier ones spare:
    /// 20% throttled, 5% HTML 500, 1% reset before moto, 1% answer lost after moto acted. Latency adds up on top.
    static let standard: [Entry] = {
        let terminal: [(kind: String, fault: Fault, share: Double)] = [
            ("throttle", .throttle, 0.20), ("http500", .httpError(status: 500), 0.05),
            ("reset", .connectionReset, 0.01), ("lost", .responseLost, 0.01),
        ]
        var spared = 1.0
        var entries: [Entry] = []
        for rule in terminal {
            entries.append(Entry(kind: rule.kind, fault: rule.fault, probability: rule.share / spared))
            spared -= rule.share
        }
        return entries + [
            Entry(kind: "latency", fault: .latency(.milliseconds(25)), probability: 0.15),
            Entry(kind: "latency", fault: .latency(.milliseconds(150)), probability: 0.05),
            Entry(kind: "latency", fault: .latency(.milliseconds(600)), probability: 0.01),
        ]
    }()

    private struct State {
        var installed: [(kind: String, id: ProxyHookID)] = []
        var fired: [String: Int] = [:]
    }

    let proxy: FaultProxy
    let entries: [Entry]
    private let state = Mutex(State())

    init(proxy: FaultProxy, entries: [Entry] = AWSFaultProfile.standard) {
        self.proxy = proxy
        self.entries = entries
    }

    /// Installs the rules (again).
    func resume() {
        let ids = entries.map {
            (kind: $0.kind, id: proxy.inject($0.fault, on: .any, trigger: .probability($0.probability)))
        }
        state.withLock { $0.installed = ids }
    }

    /// Removes the rules, keeping count of what they fired.
    func pause() {
        let installed = state.withLock { state in
            defer { state.installed = [] }
            return state.installed
        }
        let counts = installed.map { ($0.kind, proxy.firedCount($0.id)) }
        for entry in installed { proxy.remove(entry.id) }
        state.withLock { state in
            for (kind, count) in counts { state.fired[kind, default: 0] += count }
        }
    }

    /// Faults fired so far, by kind (including the installed rules').
    var fired: [String: Int] {
        let (installed, fired) = state.withLock { ($0.installed, $0.fired) }
        var total = fired
        for entry in installed { total[entry.kind, default: 0] += proxy.firedCount(entry.id) }
        return total
    }

    /// Runs `body` with the faults removed.
    func paused<T>(_ body: () async throws -> T) async rethrows -> T {
        let wasActive = state.withLock { !$0.installed.isEmpty }
        if wasActive { pause() }
        defer { if wasActive { resume() } }
        return try await body()
    }
}
