import Foundation
import Prometheus
import Testing

@testable import Controller
@testable import Planner

/// The fleet gauges carry an `account` label once the home account is known: the home account's series its id,
/// another account's series that account's id, so the two never add up under one series.
@Suite struct AccountMetricsTests {
    @Test func eachAccountsFleetUnderItsOwnLabel() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry))
        var report = Reports.report(images: FleetTests.plan().images)
        report.fleet = FleetCensus.count(FleetTests.plan(), FleetTests.actual())
        report.homeAccount = "123456789012"
        var target = AccountReport(account: "222222222222")
        target.observed = true
        target.fleet = [
            FleetRegion(
                image: "web", region: "us-east-1",
                versions: [FleetRegion.Version(version: "1.4.2", instances: 5, created: Reports.start)])
        ]
        report.accounts = [target]
        metrics.cycle(report, outcome: .converged)
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text.contains(#"kiln_instances{image="web",version="1.4.2",region="us-east-1",account="123456789012"} 2"#),
            "\(text)")
        #expect(
            text.contains(#"kiln_instances{image="web",version="1.4.2",region="us-east-1",account="222222222222"} 5"#))
        #expect(
            text.contains(
                #"kiln_oldest_running_version_age_seconds{image="web",region="us-east-1",account="222222222222"}"#))
        #expect(!text.contains(#"region="us-east-1"} "#), "every series names its account")
    }
}
