import CoreMetrics
import Foundation
import Metrics
import Synchronization

// MARK: - kiln_instances and kiln_oldest_running_version_age_seconds

extension DaemonMetrics {
    /// `kiln_instances{image,version,region,account}` and `kiln_oldest_running_version_age_seconds{image,region,
    /// account}` from the cycle's fleet in each account (the home account's id first; no `account` label when it
    /// could not be read); series of versions and regions no longer running are removed.
    func fleet(_ fleets: [(account: String?, fleet: [FleetRegion])], at now: Date) {
        typealias Labels = FleetSeries.Labels
        var instances: [Labels: Double] = [:]
        var ages: [Labels: Double] = [:]
        for (account, fleet) in fleets {
            let accountLabel = account.map { [("account", $0)] } ?? []
            for region in fleet {
                for version in region.versions {
                    let labels = Labels(
                        [("image", region.image), ("version", version.version), ("region", region.region)]
                            + accountLabel)
                    instances[labels] = Double(version.instances)
                }
                if let oldest = region.oldest {
                    let labels = Labels([("image", region.image), ("region", region.region)] + accountLabel)
                    ages[labels] = max(0, now.timeIntervalSince(oldest.created).rounded())
                }
            }
        }
        let (staleInstances, staleAges) = fleetSeries.replace(instances: Set(instances.keys), ages: Set(ages.keys))
        for labels in staleInstances {
            Gauge(label: "kiln_instances", dimensions: labels.pairs, factory: factory).destroy()
        }
        for labels in staleAges {
            Gauge(label: "kiln_oldest_running_version_age_seconds", dimensions: labels.pairs, factory: factory)
                .destroy()
        }
        for (labels, value) in instances {
            Gauge(label: "kiln_instances", dimensions: labels.pairs, factory: factory).record(value)
        }
        for (labels, value) in ages {
            Gauge(label: "kiln_oldest_running_version_age_seconds", dimensions: labels.pairs, factory: factory)
                .record(value)
        }
    }
}

/// The fleet series last recorded, so that those gone can be removed.
final class FleetSeries: Sendable {
    struct Labels: Hashable, Sendable {
        var pairs: [(String, String)]

        init(_ pairs: [(String, String)]) {
            self.pairs = pairs
        }

        static func == (lhs: Labels, rhs: Labels) -> Bool {
            lhs.pairs.map(\.0) == rhs.pairs.map(\.0) && lhs.pairs.map(\.1) == rhs.pairs.map(\.1)
        }

        func hash(into hasher: inout Hasher) {
            for (key, value) in pairs {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    private let last = Mutex<(instances: Set<Labels>, ages: Set<Labels>)>(([], []))

    /// Records the current series; returns those recorded before and gone now.
    func replace(instances: Set<Labels>, ages: Set<Labels>) -> (Set<Labels>, Set<Labels>) {
        last.withLock { last in
            let stale = (last.instances.subtracting(instances), last.ages.subtracting(ages))
            last = (instances, ages)
            return stale
        }
    }
}
