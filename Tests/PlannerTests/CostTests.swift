import Foundation
import Testing

@testable import Planner

// MARK: - The plan's cost estimate

@Suite struct CostTests {
    func planned(
        _ image: DesiredImage, _ actual: ActualState, configuration: PlannerConfiguration = PlannerConfiguration()
    ) -> Plan {
        plan(desired: Fixture.desired([image]), actual: actual, now: Fixture.now, configuration: configuration)
    }

    /// The prune history with 8 GiB snapshots.
    static let sized: ActualState = {
        var actual = Fixture.actual(images: PruneTests.history)
        for index in actual.snapshots.indices { actual.snapshots[index].volumeSizeGiB = 8 }
        return actual
    }()

    @Test func aBakeCostsItsBuilderHoursAtTheOnDemandPrice() throws {
        let plan = planned(Fixture.image(version: "1.0.0"), Fixture.actual())
        let cost = try #require(plan.cost)
        #expect(cost.bakes == 1)
        // Typical 20 minutes; at most agent 10m + install 10m + grace 2m + stop 15m = 37m.
        #expect(abs(cost.bakeInstanceHours - 20.0 / 60) < 1e-9)
        #expect(abs(cost.bakeInstanceHoursMax - 37.0 / 60) < 1e-9)
        #expect(abs(cost.bakeUSD - 20.0 / 60 * 0.0208) < 1e-9)
        #expect(abs(cost.bakeUSDMax - 37.0 / 60 * 0.0208) < 1e-9)
        #expect(cost.unpriced.isEmpty)
        #expect(cost.pricesAsOf == PriceTable.shipped.asOf)
        #expect(
            plan.text.contains("estimated cost (prices as of \(PriceTable.shipped.asOf)): 1 bake(s) ≈ 0.33 builder"))
    }

    @Test func configuredPricesOverrideTheTableAndUnknownTypesAreNamed() throws {
        var configuration = PlannerConfiguration()
        configuration.prices.instanceHourUSD["us-east-1/t3.small"] = 3.0
        configuration.prices.typicalBakeSeconds = 3600
        let cost = try #require(
            planned(Fixture.image(version: "1.0.0"), Fixture.actual(), configuration: configuration).cost)
        #expect(abs(cost.bakeInstanceHours - 37.0 / 60) < 1e-9, "the typical duration is capped by the bound")
        #expect(abs(cost.bakeUSD - 37.0 / 60 * 3.0) < 1e-9)

        var unknown = Fixture.image(version: "1.0.0")
        unknown.build.instanceType = "z9.huge"
        let unpriced = try #require(planned(unknown, Fixture.actual()).cost)
        #expect(unpriced.unpriced == ["us-east-1/z9.huge"])
        #expect(unpriced.bakeUSD == 0 && unpriced.bakeInstanceHours > 0)
    }

    @Test func prunedSnapshotsAreSavedAndKeptOnesCost() throws {
        let image = Fixture.image(version: "1.5.0", retention: Retention(keep: 3, pinned: [Fixture.version("1.0.0")]))
        let plan = planned(image, Self.sized)
        #expect(plan.actions.compactMap(\.kind.deregisteredImage) == ["ami-101", "ami-102"])
        let cost = try #require(plan.cost)
        #expect(cost.bakes == 0 && cost.bakeUSD == 0)
        #expect(cost.snapshotGiBFreed == 16)
        #expect(abs(cost.snapshotUSDPerMonthSaved - 16 * 0.05) < 1e-9)
        #expect(cost.snapshotGiBKept == 32)
        #expect(abs(cost.snapshotUSDPerMonth - 32 * 0.05) < 1e-9)
        #expect(plan.markdown.contains("> **Cost:** estimated cost"))
        #expect(plan.text.contains("prune frees 16 GiB of snapshots, saving $0.80/month"))
        let json = String(decoding: try plan.json(), as: UTF8.self)
        #expect(json.contains("\"snapshotGiBFreed\" : 16"))
    }
}
