import Foundation
import Synchronization

/// Runs synchronous fuzz cases one after another on a dedicated thread, watched from the test's task.
///
/// Decoding is synchronous and cannot be cancelled, so a case that hangs would hang a child task and, with it,
/// the whole task group. The cases therefore run on their own thread (8 MiB of stack, as a Linux main thread;
/// `KILN_FUZZ_STACK=bytes` overrides it), and the watching task gives up on a case that runs past its deadline:
/// it reports that case by name and returns, leaving the runaway thread behind. Times are reported, never asserted.
enum Watchdog {
    /// What a run observed.
    struct Report: Sendable {
        /// Cases that finished.
        var completed = 0
        /// The name of the case that ran past its deadline, if one did.
        var hung: String?
        /// The slowest finished cases, slowest first.
        var slowest: [(name: String, seconds: Double)] = []
        /// Wall time of the whole run, in seconds.
        var seconds = 0.0

        /// One line for the test log.
        var summary: String {
            let slow = slowest.prefix(3).map { "\($0.name) \(String(format: "%.3f", $0.seconds)) s" }
            return "\(completed) cases in \(String(format: "%.2f", seconds)) s; slowest: "
                + (slow.isEmpty ? "-" : slow.joined(separator: ", "))
        }
    }

    private struct Progress {
        var index = 0
        var started: ContinuousClock.Instant?
        var finished = false
        var report = Report()
    }

    /// How long one case may run before it counts as hung: generous, for a loaded machine and a debug build (the
    /// slowest cases take about 10 s there; a real hang runs for minutes). `KILN_FUZZ_DEADLINE=S` overrides it.
    static let defaultDeadline: Duration = .seconds(
        ProcessInfo.processInfo.environment["KILN_FUZZ_DEADLINE"].flatMap(Int.init) ?? 120)

    /// Runs `body` for each of `count` cases (named by `name`) and reports; stops waiting at the first case that
    /// runs longer than `deadline`.
    static func run(
        count: Int, deadline: Duration = defaultDeadline, stackSize: Int = 8 << 20,
        name: @escaping @Sendable (Int) -> String, body: @escaping @Sendable (Int) -> Void
    ) async -> Report {
        let clock = ContinuousClock()
        let begin = clock.now
        let progress = Mutex(Progress())
        let trace = ProcessInfo.processInfo.environment["KILN_FUZZ_TRACE"] != nil
        let stackSize = ProcessInfo.processInfo.environment["KILN_FUZZ_STACK"].flatMap(Int.init) ?? stackSize
        let thread = Thread {
            for index in 0..<count {
                if trace { FileHandle.standardError.write(Data("case \(name(index))\n".utf8)) }
                let start = clock.now
                progress.withLock {
                    $0.index = index
                    $0.started = start
                }
                body(index)
                let seconds = Self.seconds(clock.now - start)
                progress.withLock { state in
                    state.report.completed += 1
                    state.report.slowest.append((name(index), seconds))
                    if state.report.slowest.count > 8 {
                        state.report.slowest.sort { $0.seconds > $1.seconds }
                        state.report.slowest.removeLast()
                    }
                }
            }
            progress.withLock { $0.finished = true }
        }
        thread.stackSize = stackSize
        thread.start()
        while true {
            let state = progress.withLock { $0 }
            if state.finished { break }
            if let started = state.started, clock.now - started > deadline {
                var report = state.report
                report.hung = name(state.index)
                report.seconds = seconds(clock.now - begin)
                return report
            }
            try? await clock.sleep(for: .milliseconds(20))
        }
        var report = progress.withLock { $0.report }
        report.slowest.sort { $0.seconds > $1.seconds }
        report.seconds = seconds(clock.now - begin)
        return report
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
