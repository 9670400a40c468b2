import Foundation

/// What one tool did to its copy of the world.
struct ComparisonResult: Sendable, Codable {
    /// One invocation (amicleaner: its run; Kiln: one cycle).
    struct Stage: Sendable, Codable {
        var label: String
        var exitStatus: Int
        var seconds: Double
        var calls: [String: Int]
        var amisDeleted: Int
        var snapshotsDeleted: Int
        /// The tool's last words when it failed (e.g. amicleaner's exception).
        var failure: String?

        var totalCalls: Int { calls.values.reduce(0, +) }
    }

    var tool: String
    /// The worst exit status of its stages.
    var exitStatus: Int
    /// Wall time of all stages.
    var seconds: Double
    /// AWS calls of all stages by `service:Action`, and their sum.
    var calls: [String: Int]
    var totalCalls: Int
    var stages: [Stage]
    /// `family/version` of every deregistered AMI.
    var deleted: [String]
    /// Deregistered AMIs that were in use when the tool started, with why.
    var deletedInUse: [String: [String]]
    /// Snapshots of the seeded AMIs that are gone.
    var snapshotsDeleted: Int

    init(tool: String, stages: [Stage], copy: WorldCopy, before: WorldState, after: WorldState) {
        self.tool = tool
        self.stages = stages
        exitStatus = stages.map(\.exitStatus).first { $0 != 0 } ?? 0
        seconds = stages.map(\.seconds).reduce(0, +)
        calls = stages.reduce(into: [:]) { $0.merge($1.calls, uniquingKeysWith: +) }
        totalCalls = calls.values.reduce(0, +)
        let labels = Dictionary(copy.amis.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        let deleted = before.amis.subtracting(after.amis).map { labels[$0] ?? $0 }.sorted()
        self.deleted = deleted
        deletedInUse = copy.inUse.filter { deleted.contains($0.key) }
        snapshotsDeleted = before.snapshots.subtracting(after.snapshots).count
    }
}

/// Everything one comparison measured: the world and each tool's result.
struct ComparisonReport: Sendable, Codable {
    var seededAMIs: Int
    var seededSnapshots: Int
    /// `family/version` → why it is in use, for the old versions the world keeps in use.
    var inUse: [String: [String]]
    var results: [ComparisonResult]
}

// MARK: - Rendering

extension ComparisonReport {
    /// The Markdown table and the details under it.
    func render() -> String {
        let families = CompareWorld.families.count
        var lines = [
            "World: \(seededAMIs) AMIs (\(families) families × \(CompareWorld.versions.count) versions, "
                + "\(seededSnapshots) snapshots); keep \(CompareWorld.keep). Old versions in use:"
        ]
        lines += inUse.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value.joined(separator: "; "))" }
        lines += [
            "", "| Tool | Exit | AWS calls | Wall time | AMIs deleted | Snapshots deleted | In-use AMIs deleted |",
        ]
        lines.append("|---|---|---|---|---|---|---|")
        for result in results {
            let cells = [
                result.tool, "\(result.exitStatus)", "\(result.totalCalls)", String(format: "%.2f s", result.seconds),
                "\(result.deleted.count)", "\(result.snapshotsDeleted)", "\(result.deletedInUse.count)",
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        for result in results {
            lines += ["", "\(result.tool):"]
            for stage in result.stages {
                lines.append(
                    "  \(stage.label): exit \(stage.exitStatus), " + String(format: "%.2f s", stage.seconds)
                        + ", \(stage.totalCalls) calls, \(stage.amisDeleted) AMIs and \(stage.snapshotsDeleted) "
                        + "snapshots deleted")
                lines.append(
                    "    calls: "
                        + stage.calls.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                        .joined(separator: " "))
                if let failure = stage.failure { lines.append("    failed: \(failure)") }
            }
            lines.append("  deleted: " + (result.deleted.isEmpty ? "nothing" : result.deleted.joined(separator: " ")))
            let unsafe = result.deletedInUse.sorted { $0.key < $1.key }
            lines.append("  deleted while in use: \(unsafe.isEmpty ? "none" : "\(unsafe.count)")")
            lines += unsafe.map { "    \($0.key): \($0.value.joined(separator: "; "))" }
        }
        return lines.joined(separator: "\n")
    }
}

extension WorldState {
    /// Counts of what is in `self` but no longer in `later`.
    func deletions(until later: WorldState) -> (amis: Int, snapshots: Int) {
        (amis.subtracting(later.amis).count, snapshots.subtracting(later.snapshots).count)
    }
}
