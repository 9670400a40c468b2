import AWS
import Controller
import Foundation
import KilnTestSupport
import Testing

@Suite("Two daemons sharing a DynamoDB lease", .serialized)
struct DaemonLeaseTests {
    @Test("only the holder runs cycles; when it stops, the other takes over after expiry and finishes the same bake")
    func onlyTheHolderActs() async throws {
        let world = try await DaemonWorld.start(manifest: OpsManifests.image())
        defer { world.stop() }
        let clock = ManualClock(Date())
        let dynamo = DynamoDB(client: world.client, region: DaemonWorld.region)
        let settings = DynamoDBLease.Configuration(name: DaemonWorld.owner, duration: .seconds(30))
        let leaseA = try DynamoDBLease(dynamoDB: dynamo, configuration: settings, holder: "host-a:1:aa", clock: clock)
        let leaseB = try DynamoDBLease(dynamoDB: dynamo, configuration: settings, holder: "host-b:2:bb", clock: clock)
        let first = try world.daemon("a", lease: leaseA, clock: clock)
        let second = try world.daemon("b", lease: leaseB, clock: clock)

        // Both poll; the first to ask holds the lease and bakes, the other stands by.
        var standby: [Daemon.PassResult] = []
        for _ in 0..<4 {
            _ = await first.pass(.timer)
            standby.append(await second.pass(.timer))
            clock.advance(by: 2)
        }
        #expect(standby.allSatisfy { $0 == .standby })
        #expect(await second.cycleCount == 0)
        #expect(await first.cycleCount >= 3)
        #expect(world.proxy.count(service: "ec2", action: "RunInstances") == 1)
        #expect(try await world.images("web").isEmpty, "the bake should still be under way")
        let stoppedAt = clock.now()

        // The holder stops without releasing (a crash). The other waits for expiry, then resumes the bake.
        var takeover: Date?
        for _ in 0..<60 {
            clock.advance(by: 1)
            let result = await second.pass(.timer)
            if result != .standby, takeover == nil {
                takeover = clock.now()
                #expect(!leaseA.isHeld, "two holders at once")
            }
            if await second.lastReport?.isConverged == true { break }
        }
        let took = try #require(takeover)
        #expect(took.timeIntervalSince(stoppedAt) >= 20)
        #expect(await second.lastReport?.isConverged == true)
        #expect(await first.cycleCount + (await second.cycleCount) > 0)

        // One builder, one image: the bake the first daemon began is the one that finished.
        #expect(world.proxy.count(service: "ec2", action: "RunInstances") == 1)
        #expect(world.proxy.count(service: "ec2", action: "CreateImage") == 1)
        let images = try await world.images("web")
        #expect(images.count == 1)
        #expect(try await world.liveBuilders().isEmpty)
    }

    @Test("a daemon that stops gracefully releases the lease: the other acts at its next poll")
    func releaseOnStop() async throws {
        let world = try await DaemonWorld.start(manifest: OpsManifests.image())
        defer { world.stop() }
        let clock = ManualClock(Date())
        let dynamo = DynamoDB(client: world.client, region: DaemonWorld.region)
        let settings = DynamoDBLease.Configuration(name: DaemonWorld.owner, duration: .seconds(30))
        let leaseA = try DynamoDBLease(dynamoDB: dynamo, configuration: settings, holder: "host-a:1:aa", clock: clock)
        let leaseB = try DynamoDBLease(dynamoDB: dynamo, configuration: settings, holder: "host-b:2:bb", clock: clock)
        let first = try world.daemon("a", lease: leaseA, clock: clock)
        let second = try world.daemon("b", lease: leaseB, clock: clock)
        #expect(await first.pass(.startup) == .cycled)
        #expect(await second.pass(.startup) == .standby)

        await leaseA.release()
        clock.advance(by: 1)
        #expect(await second.pass(.timer) == .cycled)
        #expect(await first.pass(.timer) == .standby)
    }
}
