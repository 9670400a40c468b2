import Foundation

// MARK: - What a plan will spend and save (estimates)

/// The plan's cost estimate: builder hours of the bakes it starts, snapshot storage it frees and keeps.
public struct PlanCost: Sendable, Equatable, Codable {
    /// Bakes the plan starts (builders launched).
    public var bakes: Int
    /// Builder instance-hours at a typical bake duration.
    public var bakeInstanceHours: Double
    /// Builder instance-hours if every phase ran to its timeout: the upper bound.
    public var bakeInstanceHoursMax: Double
    /// `bakeInstanceHours` × the on-demand price of each bake's `build.instanceType`.
    public var bakeUSD: Double
    /// `bakeInstanceHoursMax` × the same prices.
    public var bakeUSDMax: Double
    /// GiB of snapshots (their volumes' size) of the AMIs the plan deregisters and the snapshots it deletes.
    public var snapshotGiBFreed: Int
    public var snapshotUSDPerMonthSaved: Double
    /// GiB of this owner's snapshots that stay.
    public var snapshotGiBKept: Int
    public var snapshotUSDPerMonth: Double
    /// When and where the prices come from.
    public var pricesAsOf: String
    public var pricesSource: String
    /// `region/type` of bakes with no price in the table (counted in hours, not in dollars).
    public var unpriced: [String]

    /// Nothing baked, freed or kept that has a size: the text and Markdown leave the estimate out.
    public var isEmpty: Bool { bakes == 0 && snapshotGiBFreed == 0 && snapshotGiBKept == 0 }

    /// One line for people, saying it is an estimate.
    public var summary: String {
        var parts: [String] = []
        if bakes > 0 {
            parts.append(
                "\(bakes) bake(s) ≈ \(Self.hours(bakeInstanceHours)) builder hours, \(Self.usd(bakeUSD)) "
                    + "(at most \(Self.hours(bakeInstanceHoursMax)) h, \(Self.usd(bakeUSDMax)))")
        }
        if snapshotGiBFreed > 0 {
            parts.append(
                "prune frees \(snapshotGiBFreed) GiB of snapshots, saving \(Self.usd(snapshotUSDPerMonthSaved))/month")
        }
        parts.append("kept snapshots \(snapshotGiBKept) GiB ≈ \(Self.usd(snapshotUSDPerMonth))/month")
        if !unpriced.isEmpty { parts.append("no price for \(unpriced.joined(separator: ", "))") }
        return "estimated cost (prices as of \(pricesAsOf)): " + parts.joined(separator: "; ")
    }

    static func usd(_ value: Double) -> String { "$" + String(format: "%.2f", value) }
    static func hours(_ value: Double) -> String { String(format: "%.2f", value) }
}

extension Planning {
    /// The estimate for `actions`: bakes from `launchBuilder`, snapshots from deregistrations and deletions.
    func cost(of actions: [Action]) -> PlanCost {
        let prices = configuration.prices
        var cost = PlanCost(
            bakes: 0, bakeInstanceHours: 0, bakeInstanceHoursMax: 0, bakeUSD: 0, bakeUSDMax: 0, snapshotGiBFreed: 0,
            snapshotUSDPerMonthSaved: 0, snapshotGiBKept: 0, snapshotUSDPerMonth: 0, pricesAsOf: prices.asOf,
            pricesSource: prices.source, unpriced: [])
        var freed: Set<String> = []
        for action in actions {
            switch action.kind {
            case .launchBuilder(let launch):
                let image = ordered.first { $0.name == action.image }
                let upper = image.map(bakeUpperBound) ?? prices.typicalBakeSeconds
                let typical = min(prices.typicalBakeSeconds, upper)
                cost.bakes += 1
                cost.bakeInstanceHours += typical / 3600
                cost.bakeInstanceHoursMax += upper / 3600
                if let price = prices.instanceHour(launch.instanceType, region: action.region) {
                    cost.bakeUSD += typical / 3600 * price
                    cost.bakeUSDMax += upper / 3600 * price
                } else {
                    cost.unpriced.append("\(action.region)/\(launch.instanceType)")
                }
            case .deregisterImage(_, let snapshots): freed.formUnion(snapshots)
            case .deleteSnapshot(let id), .sweepSnapshot(let id): freed.insert(id)
            default: break
            }
        }
        for snapshot in snapshotsById.values.sorted(by: { $0.id < $1.id }) {
            guard let size = snapshot.volumeSizeGiB else { continue }
            let monthly = Double(size) * prices.snapshotGBMonth(region: snapshot.region)
            if freed.contains(snapshot.id) {
                cost.snapshotGiBFreed += size
                cost.snapshotUSDPerMonthSaved += monthly
            } else if snapshot.tags[KilnTag.owner] == desired.owner {
                cost.snapshotGiBKept += size
                cost.snapshotUSDPerMonth += monthly
            }
        }
        cost.unpriced = Array(Set(cost.unpriced)).sorted()
        return cost
    }

    /// Seconds a builder can run at most: agent, every step with its grace, stop, within the bake's timeout.
    func bakeUpperBound(_ image: DesiredImage) -> TimeInterval {
        let timeouts = configuration.timeouts
        let steps = BakeScript.steps(of: image)
        let phases = timeouts.agentOnline + steps.reduce(0) { $0 + $1.timeout + timeouts.stepGrace } + timeouts.stop
        return min(phases, image.build.timeout.timeInterval)
    }
}
