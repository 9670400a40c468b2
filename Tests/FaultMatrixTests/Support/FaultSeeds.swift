import Foundation

/// The seeds each scenario runs with: one by default (bounded CI), `KILN_FAULT_RUNS=N` for N seeds,
/// `KILN_FAULT_SEED=S` to replay one.
enum FaultSeeds {
    /// The default seed of a scenario when nothing is asked.
    static let defaultSeed: UInt64 = 1

    /// Seeds from the environment.
    static var list: [FaultSeed] {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment["KILN_FAULT_SEED"], let seed = UInt64(text) { return [FaultSeed(value: seed)] }
        let runs = environment["KILN_FAULT_RUNS"].flatMap(Int.init) ?? 1
        return (0..<max(runs, 1)).map { FaultSeed(value: defaultSeed + UInt64($0)) }
    }
}

/// One seed; test cases (and so failures) show as `seed N`.
struct FaultSeed: Sendable, CustomStringConvertible {
    var value: UInt64
    var description: String { "seed \(value)" }

    /// A small deterministic generator for the scenario's own choices (when faults strike, how long).
    func generator(salt: UInt64 = 0) -> ScenarioGenerator {
        ScenarioGenerator(state: value &* 0x9E37_79B9_7F4A_7C15 &+ salt)
    }
}

/// SplitMix64, for the choices a scenario makes from its seed.
struct ScenarioGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// One line of the fault table, printed per run.
struct RunSummary: Sendable {
    var scenario: String
    var seed: UInt64
    var faults: [String: Int] = [:]
    var awsCalls = 0
    var retries = 0
    var gaveUp = 0
    var cycles = 0
    var fetches = 0
    var fetchFailures = 0
    var pushes = 0
    var pushRetries = 0
    var statusFailures = 0
    var seconds: Double = 0
    /// Time the test spent checking and changing the world itself.
    var checkSeconds: Double = 0

    var line: String {
        let fired = faults.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return [
            "FAULT-RUN", "scenario=\(scenario)", "seed=\(seed)", "faults[\(fired.isEmpty ? "-" : fired)]",
            "aws_calls=\(awsCalls)", "retries=\(retries)", "call_errors=\(gaveUp)", "cycles=\(cycles)",
            "git_fetch=\(fetches)", "fetch_failed=\(fetchFailures)", "status_pushed=\(pushes)",
            "push_refused=\(pushRetries)", "status_failed=\(statusFailures)",
            String(format: "converge=%.1fs", seconds),
        ].joined(separator: " ") + (checkSeconds > 0 ? String(format: " checks=%.1fs", checkSeconds) : "")
    }

    /// Writes the line to standard output at once (unbuffered, so a long matrix shows progress).
    func print() {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
