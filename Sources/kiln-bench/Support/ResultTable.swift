import Foundation

/// Renders results as an aligned text table (and the machine they ran on).
enum ResultTable {
    static func render(_ results: [BenchmarkResult]) -> String {
        let header = [
            "benchmark", "iters", "median ms", "p90 ms", "min ms", "CPU ms/it", "peak RSS MiB",
            "target", "figures",
        ]
        let rows = results.map { result -> [String] in
            let target = result.target.map { "\($0) \(result.targetMet == true ? "ok" : "MISS")" } ?? "-"
            let counters = result.counters.sorted { $0.key < $1.key }
                .map { "\($0.key)=\(BenchmarkResult.format($0.value))" }
            return [
                result.name, "\(result.iterations)", BenchmarkResult.format(result.medianMilliseconds),
                BenchmarkResult.format(result.p90Milliseconds), BenchmarkResult.format(result.minMilliseconds),
                BenchmarkResult.format(result.cpuMillisecondsPerIteration),
                BenchmarkResult.format(result.peakResidentMiB), target,
                (counters + (result.note.map { [$0] } ?? [])).joined(separator: " "),
            ]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return column == 0 || column >= 7 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// The machine a run happened on, printed above the table and included in `--json`.
struct Machine: Sendable, Codable {
    var cores: Int
    var cpu: String
    var memoryGiB: Double
    var system: String

    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        var name = utsname()
        uname(&name)
        func text<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model,
            memoryGiB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10,
            system: "\(text(name.sysname)) \(text(name.release)) \(text(name.machine))")
    }

    var description: String {
        "\(cores) cores, \(cpu), \(memoryGiB) GiB, \(system)"
    }
}
