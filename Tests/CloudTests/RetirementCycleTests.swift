@testable import AWS
import Cloud
import Foundation
import KilnTestSupport
import Planner
import Testing

/// Staged retirement end to end: observe → plan → execute with the controller's least-privilege policy,
/// DisableImage and deregistration protection answered by the proxy as EC2 answers them (moto has neither).
@Suite("Staged retirement and restore against moto", .cloudWorld)
struct RetirementCycleTests {
    /// Runs cycles at `now` until the plan has nothing left to do; returns the summaries of what was done.
    static func converge(
        _ desired: DesiredState, regions: [String], now: Date, harness: CloudHarness, executor: Executor
    ) async throws -> [String] {
        let observer = Observer(client: harness.controller)
        var executed: [String] = []
        for _ in 1...10 {
            let observation = await observer.observe(regions: regions, desired: desired)
            #expect(observation.regionFailures.isEmpty)
            let plan = Planner.plan(desired: desired, actual: observation.actual, now: now)
            let work = plan.actions.filter { !$0.kind.isInformational }
            if work.isEmpty { return executed }
            for action in work {
                let outcome = try await executor.execute(action)
                #expect(!outcome.isRefused, "\(action.summary): \(outcome)")
                executed.append(action.summary)
            }
        }
        Issue.record("no convergence: \(executed)")
        return executed
    }

    @Test("a retired version is disabled, deregistered deleteAfter later; pinned is protected; in use and foreign stay")
    func disableThenDelete() async throws {
        let harness = try CloudWorld.harness()
        let owner = "kiln-retire"
        let world = World(harness: harness, region: "eu-south-1", owner: owner)
        let executor = harness.executor(owner: owner)
        let maker = try await world.launch()
        let pinned = try await world.kilnImage("api", "1.0.0", from: maker)
        let old = try await world.kilnImage("api", "1.1.0", from: maker)
        let used = try await world.kilnImage("api", "1.2.0", from: maker)
        _ = try await world.launch(image: used)
        let snapshots = try #require(try await world.describeImage(old)).snapshotIds
        try #require(!snapshots.isEmpty)
        try await world.ec2.createTags(
            resources: snapshots,
            tags: world.kilnTags(image: "api", version: "1.1.0").map { .init(key: $0, value: $1) })
        let forged = try await world.createImage(
            name: "golden-api", from: maker, tags: world.kilnTags(image: "api", version: "1.3.0"))
        var image = try Fixtures.image("api", version: "1.2.0", region: world.region)
        image.retired = true
        image.retention = Retention(
            keep: 1, minAge: ManifestDuration(seconds: 0), pinned: [try #require(SemanticVersion("1.0.0"))],
            deleteAfter: .days(7))
        let desired = Fixtures.desired([image], owner: owner)

        let first = try await Self.converge(
            desired, regions: [world.region], now: Date(), harness: harness, executor: executor)
        #expect(first.contains { $0.hasPrefix("disable \(old) ") }, "\(first)")
        #expect(first.contains { $0.hasPrefix("protect \(pinned) ") }, "\(first)")
        #expect(!first.contains { $0.contains("deregister") || $0.contains("snapshot") }, "\(first)")
        // Disabled: hidden from a plain DescribeImages, listed with IncludeDisabled, the time recorded.
        #expect(try await world.describeImage(old) == nil)
        let disabled = try #require(
            try await world.ec2.describeImages(.init(imageIds: [old], includeDisabled: true)).first)
        #expect(disabled.state == "disabled")
        #expect(disabled.tags[tag: KilnTag.disabledAt] != nil)
        #expect(harness.proxy.disabledImages(in: world.region) == [old])
        #expect(harness.proxy.deregistrationProtectedImages(in: world.region) == [pinned])

        // A week and a day later the disabled version is deregistered and its snapshots deleted.
        let later = try await Self.converge(
            desired, regions: [world.region], now: Date().addingTimeInterval(8 * 86_400), harness: harness,
            executor: executor)
        #expect(later.contains { $0.hasPrefix("deregister \(old) ") }, "\(later)")
        #expect(later.contains { $0.hasPrefix("delete snapshot") }, "\(later)")
        let remaining = try await world.ec2.describeImages(.init(owners: ["self"], includeDisabled: true))
        #expect(Set(remaining.map(\.imageId)) == [pinned, used, forged])
        #expect(remaining.allSatisfy { $0.state == "available" })
    }

    @Test("restore re-enables Kiln's disabled AMIs of a version and refuses a forged one")
    func restore() async throws {
        let harness = try CloudWorld.harness()
        let owner = "kiln-restore"
        let world = World(harness: harness, region: "ap-northeast-3", owner: owner)
        let executor = harness.executor(owner: owner)
        let maker = try await world.launch()
        let ours = try await world.kilnImage("api", "2.0.0", from: maker)
        let forged = try await world.createImage(
            name: "kiln/api/2.0.0/cdcdcdcd", from: maker, tags: world.kilnTags(image: "api", version: "2.0.0"))
        let disable = try await executor.execute(Actions.make(.disableImage(imageId: ours), region: world.region))
        #expect(disable.status == .done, "\(disable)")
        try await world.ec2.disableImage(imageId: forged)

        let version = try #require(SemanticVersion("2.0.0"))
        let restored = try await executor.restore(image: "api", version: version, region: world.region)
        let byImage = Dictionary(uniqueKeysWithValues: restored.map { ($0.imageId, $0.status) })
        #expect(byImage[ours] == .done)
        #expect(
            { if case .refused = byImage[forged] { true } else { false } }(), "\(restored)")
        let back = try #require(try await world.describeImage(ours))
        #expect(back.state == "available")
        #expect(back.tags[tag: KilnTag.disabledAt] == nil)
        #expect(harness.proxy.disabledImages(in: world.region) == [forged])
        // Restoring again changes nothing.
        let again = try await executor.restore(image: "api", version: version, region: world.region)
        #expect(again.first { $0.imageId == ours }?.status == .alreadyDone)
    }
}
