import Controller
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Kiln's keep-2 prune in the world of the amicleaner comparison (no amicleaner needed): every AMI in use survives
/// with its snapshots, whatever uses it; the older unused versions and their snapshots go.
@Suite("Prune keeps AMIs in use: the amicleaner comparison world", .serialized)
struct PruneInUseTests {
    /// One kind of use the world seeds: the old version it keeps in use, and what Kiln's kept reason must say.
    struct Use: Sendable, CustomStringConvertible {
        var kind: String
        var label: String
        var reason: String
        var description: String { "\(label) (\(kind))" }
    }

    static let uses = [
        Use(kind: "running instance", label: "web/1.2.0", reason: "(running)"),
        Use(kind: "stopped instance", label: "web/1.3.0", reason: "(stopped)"),
        Use(kind: "launch configuration of no group", label: "api/1.2.0", reason: "launch configuration api-lc"),
        Use(kind: "default launch-template version", label: "api/1.3.0", reason: "launch template api-lt"),
        Use(
            kind: "launch-template version a group at zero capacity pins (not the default)", label: "batch/1.1.0",
            reason: "version 1 of launch template batch-lt, pinned by group batch-asg"),
        Use(
            kind: "default and latest launch-template version", label: "batch/1.4.0",
            reason: "default version 2 of launch template batch-lt"),
        Use(
            kind: "launch configuration of a group at zero capacity", label: "worker/1.1.0",
            reason: "launch configuration worker-lc"),
    ]

    /// Not among the newest 2, not desired, not in use.
    static let pruned: Set<String> = [
        "web/1.1.0", "web/1.4.0", "api/1.1.0", "api/1.4.0", "batch/1.2.0", "batch/1.3.0", "worker/1.2.0",
        "worker/1.3.0", "worker/1.4.0", "cron/1.1.0", "cron/1.2.0", "cron/1.3.0", "cron/1.4.0",
    ]

    @Test("keep 2: AMIs in use and their snapshots survive; older unused versions and their snapshots are deleted")
    func keepTwo() async throws {
        let world = try await PruneWorld.start()
        defer { world.stop() }
        let seeded = world.seeded
        #expect(Set(seeded.inUse.keys) == Set(Self.uses.map(\.label)), "the world seeds every kind of use")
        let labels = Dictionary(seeded.amis.map { ($0.value, $0.key) }) { first, _ in first }

        // Cycle 1 deregisters; its plan already leaves every AMI in use alone, each for the reason of its use.
        let clock = ManualClock(Date())
        let first = try await world.cycle(clock: clock)
        #expect(first.planned && !first.hasFailedActions && first.issues.isEmpty, "\(first.issues)")
        let deregistered = (first.plan?.actions ?? []).compactMap { action -> String? in
            guard case .deregisterImage(let id, _) = action.kind else { return nil }
            return labels[id] ?? id
        }
        #expect(Set(deregistered) == Self.pruned)
        let unsucceeded = first.outcomes.filter { !$0.succeeded }
        #expect(unsucceeded.isEmpty, "\(unsucceeded)")
        let images = Dictionary((first.plan?.images ?? []).map { ($0.name, $0) }) { a, _ in a }
        for use in Self.uses {
            let parts = use.label.split(separator: "/").map(String.init)
            let kept = images[parts[0]]?.kept.first { $0.version == parts[1] }
            let id = try #require(seeded.amis[use.label])
            #expect(
                kept?.reasons.contains { $0.hasPrefix("\(id) is") && $0.contains(use.reason) } == true,
                "\(use): kept for \(kept?.reasons ?? [])")
        }

        // Cycle 2, after the snapshot grace period (1 h): the snapshots of the deregistered AMIs go.
        clock.advance(by: 2 * 3_600)
        let second = try await world.cycle(clock: clock)
        #expect(!second.hasFailedActions && second.issues.isEmpty, "\(second.issues)")

        let (amis, snapshots) = try await world.state()
        for use in Self.uses {
            let id = try #require(seeded.amis[use.label])
            let ownSnapshots = seeded.snapshots[use.label] ?? []
            #expect(amis.contains(id), "\(use) was deleted")
            #expect(!ownSnapshots.isEmpty && Set(ownSnapshots).isSubset(of: snapshots), "\(use): snapshots deleted")
        }
        for family in PruneWorld.families {
            for version in ["1.5.0", "1.6.0"] {
                let label = "\(family)/\(version)"
                #expect(seeded.amis[label].map(amis.contains) == true, "\(label), among the newest 2, was deleted")
                #expect(Set(seeded.snapshots[label] ?? []).isSubset(of: snapshots), "\(label): snapshots deleted")
            }
        }
        for label in Self.pruned.sorted() {
            #expect(seeded.amis[label].map(amis.contains) == false, "\(label) was kept")
            let left = Set(seeded.snapshots[label] ?? []).intersection(snapshots)
            #expect(left.isEmpty, "\(label): snapshots \(left.sorted()) left")
        }
    }
}
