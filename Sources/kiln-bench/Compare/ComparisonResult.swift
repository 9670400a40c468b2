import Foundation
import KilnTestSupport

/// What one tool did to its copy of the world.
struct ComparisonResult: Sendable, Codable {
    var tool: String
    /// Invocations (Kiln: cycles until one changed nothing).
    var runs: Int
    var exitStatus: Int
    var seconds: Double
    /// AWS calls by `service:Action`, all runs together.
    var calls: [String: Int]
    /// Kiln: the calls of the first cycle alone.
    var firstRunCalls: Int?
    /// `family/version` of every deregistered AMI.
    var deleted: [String]
    /// Deregistered AMIs that were in use, with why.
    var deletedInUse: [String: [String]]
    var snapshotsDeleted: Int

    init(
        tool: String, runs: Int, exitStatus: Int, seconds: Double, calls: [String: Int], copy: WorldCopy,
        before: (amis: Set<String>, snapshots: Set<String>), after: (amis: Set<String>, snapshots: Set<String>)
    ) {
        self.tool = tool
        self.runs = runs
        self.exitStatus = exitStatus
        self.seconds = seconds
        self.calls = calls
        let labels = Dictionary(copy.amis.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        let deleted = before.amis.subtracting(after.amis).map { labels[$0] ?? $0 }.sorted()
        self.deleted = deleted
        deletedInUse = copy.inUse.filter { deleted.contains($0.key) }
        snapshotsDeleted = before.snapshots.subtracting(after.snapshots).count
    }

    /// Counts what an earlier run on the same copy deleted too, so the row reads as the total so far.
    mutating func inUseDeletedSoFar(before earlier: ComparisonResult) {
        deleted = (earlier.deleted + deleted).sorted()
        deletedInUse.merge(earlier.deletedInUse) { a, _ in a }
        snapshotsDeleted += earlier.snapshotsDeleted
    }

    static func calls(_ proxy: FaultProxy) -> [String: Int] {
        Dictionary(proxy.countsByAction.map { ("\($0.key.service):\($0.key.action)", $0.value) }, uniquingKeysWith: +)
    }

    var totalCalls: Int { calls.values.reduce(0, +) }

    static func render(_ results: [ComparisonResult], seeded: Int, inUse: [String: [String]]) -> String {
        var lines = ["Seeded \(seeded) AMIs in 5 families × 6 versions; \(inUse.count) old ones in use:"]
        lines += inUse.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value.joined(separator: "; "))" }
        lines.append("")
        for result in results {
            lines.append("\(result.tool): exit \(result.exitStatus), \(result.runs) run(s), "
                + String(format: "%.2f s", result.seconds) + ", \(result.totalCalls) AWS calls"
                + (result.firstRunCalls.map { " (first run \($0))" } ?? ""))
            lines.append("  calls: " + result.calls.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: " "))
            lines.append("  deleted \(result.deleted.count) AMIs, \(result.snapshotsDeleted) snapshots: "
                + result.deleted.joined(separator: " "))
            let bad = result.deletedInUse.sorted { $0.key < $1.key }
            lines.append("  deleted while in use: \(bad.count)" + (bad.isEmpty ? "" : ""))
            lines += bad.map { "    \($0.key): \($0.value.joined(separator: "; "))" }
        }
        return lines.joined(separator: "\n")
    }
}
