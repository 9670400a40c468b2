import Foundation
import Prometheus
import Testing

@testable import Controller
@testable import Planner

/// Running instances per image version and region, from the instances the observer lists.
@Suite struct FleetTests {
    static let day: TimeInterval = 86_400

    static func actual() -> ActualState {
        let now = Reports.start
        let images = [
            ObservedImage(
                id: "ami-new", region: "us-east-1", name: "kiln/web/1.4.2/ab", state: .available,
                creationDate: now.addingTimeInterval(-2 * day)),
            ObservedImage(
                id: "ami-old", region: "us-east-1", name: "kiln/web/1.3.0/ab", state: .available,
                creationDate: now.addingTimeInterval(-40 * day)),
            ObservedImage(
                id: "ami-eu", region: "eu-west-1", name: "kiln/web/1.4.2/ab", state: .available,
                creationDate: now.addingTimeInterval(-1 * day)),
        ]
        func instance(_ id: String, _ region: String, _ image: String, _ state: InstanceState = .running)
            -> ObservedInstance
        {
            ObservedInstance(id: id, region: region, state: state, imageId: image, launchTime: now)
        }
        return ActualState(
            observedRegions: ["us-east-1", "eu-west-1"], images: images,
            instances: [
                instance("i-1", "us-east-1", "ami-new"), instance("i-2", "us-east-1", "ami-new"),
                instance("i-3", "us-east-1", "ami-old"), instance("i-4", "us-east-1", "ami-old", .stopped),
                instance("i-5", "us-east-1", "ami-other"), instance("i-6", "eu-west-1", "ami-eu"),
                instance("i-7", "eu-west-1", "ami-eu", .terminated),
            ])
    }

    static func plan() -> Plan {
        var web = Reports.ready("web", version: "1.4.2")
        web.versions = [
            VersionReport(
                version: "1.4.2", recipe: Reports.recipe,
                amis: [
                    RegionImage(region: "us-east-1", imageId: "ami-new", state: .available),
                    RegionImage(region: "eu-west-1", imageId: "ami-eu", state: .available),
                ]),
            VersionReport(
                version: "1.3.0", recipe: Reports.recipe,
                amis: [RegionImage(region: "us-east-1", imageId: "ami-old", state: .available)]),
        ]
        return Plan(actions: [], images: [web], notices: [])
    }

    @Test func runningInstancesAreCountedPerVersionAndRegion() throws {
        let fleet = FleetCensus.count(Self.plan(), Self.actual())
        #expect(fleet.map(\.region) == ["eu-west-1", "us-east-1"])
        let east = try #require(fleet.last)
        #expect(east.versions.map(\.version) == ["1.4.2", "1.3.0"])
        #expect(east.versions.map(\.instances) == [2, 1], "stopped instances and other AMIs do not count")
        #expect(east.oldest?.version == "1.3.0")
        #expect(east.instances == 3)
        #expect(fleet.first?.versions.map(\.instances) == [1])
    }

    @Test func theStatusFileHasTheFleetButNoAge() throws {
        var report = Reports.report(images: Self.plan().images)
        report.fleet = FleetCensus.count(Self.plan(), Self.actual())
        let renderer = StatusRenderer(observedCommit: report.commit, now: report.finishedAt, previous: [:])
        let document = try #require(renderer.documents(for: report)["web"])
        let east = try #require(document.fleet?.last)
        #expect(east.region == "us-east-1" && east.instances == 3)
        #expect(east.oldestVersion == "1.3.0" && east.oldestVersionCreated == "2024-04-22T12:00:00Z")
        let text = String(decoding: try document.yaml(), as: UTF8.self)
        #expect(text.contains("fleet:"))
        #expect(StatusDocument.read(try document.yaml())?.fleet == document.fleet)
        // Without running instances there is no block (and older status files read back unchanged).
        report.fleet = []
        #expect(renderer.documents(for: report)["web"]?.fleet == nil)
    }

    @Test func metricsFollowTheFleetAndForgetWhatStopped() throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry))
        func emitted() -> String {
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        var report = Reports.report(images: Self.plan().images)
        report.fleet = FleetCensus.count(Self.plan(), Self.actual())
        metrics.cycle(report, outcome: .converged)
        var text = emitted()
        #expect(text.contains(#"kiln_instances{image="web",version="1.3.0",region="us-east-1"} 1"#), "\(text)")
        #expect(text.contains(#"kiln_instances{image="web",version="1.4.2",region="us-east-1"} 2"#))
        let age = report.finishedAt.timeIntervalSince(Reports.start.addingTimeInterval(-40 * Self.day))
        #expect(text.contains(#"kiln_oldest_running_version_age_seconds{image="web",region="us-east-1"} "# + "\(age)"))

        // 1.3.0 stopped running: its series goes, the oldest is now 1.4.2.
        report.fleet[1].versions.removeLast()
        metrics.cycle(report, outcome: .converged)
        text = emitted()
        #expect(!text.contains(#"version="1.3.0""#), "\(text)")
        let newer = report.finishedAt.timeIntervalSince(Reports.start.addingTimeInterval(-2 * Self.day))
        #expect(
            text.contains(#"kiln_oldest_running_version_age_seconds{image="web",region="us-east-1"} "# + "\(newer)"))
    }
}
