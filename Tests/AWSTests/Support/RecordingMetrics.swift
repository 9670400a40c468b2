import CoreMetrics
import Synchronization

/// A metrics factory that keeps counter totals by label and dimensions; other metric kinds are ignored.
final class RecordingMetrics: MetricsFactory {
    private let totals = Mutex<[String: Int64]>([:])

    /// The total of the counter `label` with exactly these dimensions.
    func total(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        totals.withLock { $0[Self.key(label, dimensions), default: 0] }
    }

    /// Totals of every counter named `label`, by its dimensions as `name=value` text.
    func totals(_ label: String) -> [String: Int64] {
        totals.withLock { totals in
            totals.filter { $0.key.hasPrefix(label + "|") }
                .reduce(into: [:]) { $0[String($1.key.dropFirst(label.count + 1))] = $1.value }
        }
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        label + "|" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(key: Self.key(label, dimensions), metrics: self)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        Ignored()
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Ignored()
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Ignored() }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    fileprivate func add(_ amount: Int64, to key: String) {
        totals.withLock { $0[key, default: 0] += amount }
    }

    private final class Handler: CounterHandler, Sendable {
        let key: String
        let metrics: RecordingMetrics

        init(key: String, metrics: RecordingMetrics) {
            self.key = key
            self.metrics = metrics
        }

        func increment(by amount: Int64) { metrics.add(amount, to: key) }
        func reset() {}
    }

    private final class Ignored: FloatingPointCounterHandler, RecorderHandler, TimerHandler, Sendable {
        func increment(by amount: Double) {}
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
        func recordNanoseconds(_ duration: Int64) {}
    }
}
