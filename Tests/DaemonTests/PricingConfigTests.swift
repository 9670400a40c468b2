import Foundation
import Planner
import Testing

@testable import Controller

@Suite struct PricingConfigTests {
    @Test func pricingOverridesTheShippedTable() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(
            yaml: """
                pricing:
                  instanceUSD: ["t3.small=0.5", "eu-west-1/m5.large=0.25"]
                  snapshotUSD: ["*=0.04", "eu-west-1=0.06"]
                  typicalBake: 45m
                """, file: "kiln.yaml")
        let prices = configuration.pricing
        #expect(prices.instanceHour("t3.small", region: "us-east-1") == 0.5)
        #expect(prices.instanceHour("m5.large", region: "eu-west-1") == 0.25)
        #expect(prices.instanceHour("m5.large", region: "us-east-1") == PriceTable.shipped.instanceHourUSD["m5.large"])
        #expect(prices.snapshotGBMonth(region: "us-east-2") == 0.04)
        #expect(prices.snapshotGBMonth(region: "eu-west-1") == 0.06)
        #expect(prices.typicalBakeSeconds == 45 * 60)
        #expect(prices.source.hasSuffix("with overrides from the configuration"))
        #expect(DaemonConfiguration().pricing == PriceTable.shipped)
    }

    @Test(arguments: [
        ("pricing:\n  instanceUSD: [\"t3.small\"]\n", "is not KEY=PRICE"),
        ("pricing:\n  instanceUSD: [\"t3.small=-1\"]\n", "is not KEY=PRICE"),
        ("pricing:\n  snapshotUSD: [\"mars-1=0.1\"]\n", "is not a region name or *"),
    ])
    func badPricesAreErrorsAtTheirLine(document: String, message: String) {
        var configuration = DaemonConfiguration()
        do {
            try configuration.apply(yaml: document, file: "kiln.yaml")
            Issue.record("accepted \(document)")
        } catch {
            #expect("\(error)".contains("kiln.yaml:2:"), "\(error)")
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
