import AWS
import Controller
import Foundation
import KilnTestSupport
import Testing

@Suite("DynamoDB lease against moto", .serialized, .leaseWorld)
struct LeaseTests {
    let world: LeaseWorld

    init() throws {
        world = try LeaseWorldTrait.world()
    }

    static func uniqueName() -> String { "lease-\(UUID().uuidString.prefix(8))" }

    // MARK: - Acquire

    @Test("of two holders racing for a free lease, exactly one acquires it")
    func onlyOneAcquires() async throws {
        for _ in 0..<5 {
            let name = Self.uniqueName()
            let clock = ManualClock()
            let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
            let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
            async let a = first.tryAcquire()
            async let b = second.tryAcquire()
            let outcomes = try await [a, b]
            #expect(outcomes.filter(\.isHeld).count == 1)
            #expect([first.isHeld, second.isHeld].filter { $0 }.count == 1)
            let winner = first.isHeld ? first : second
            let item = try #require(try await world.item(name))
            #expect(item["holder"] == .s(winner.holder))
            #expect(item["version"]?.integer == 1)
            #expect(item["expires"]?.integer == Int(clock.now().timeIntervalSince1970) + 30)
        }
    }

    @Test("a refused acquire names the holder and its expiry, and is not an error")
    func refusedNamesHolder() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
        #expect(try await first.tryAcquire().isHeld)
        let refused = try await second.tryAcquire()
        #expect(
            refused
                == .heldElsewhere(
                    holder: "host-a:1:aa", expires: clock.now().addingTimeInterval(30)))
        #expect(!second.isHeld)
    }

    // MARK: - Renew

    @Test("renewing keeps the lease past its first expiry; the other holder stays refused")
    func renewKeepsIt() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let start = clock.now()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
        try await first.tryAcquire()
        for tick in 1...6 {
            clock.set(start.addingTimeInterval(Double(tick) * 10))
            let renewed = try await first.renew()
            #expect(renewed == .held(trustedUntil: clock.now().addingTimeInterval(27), version: tick + 1))
            clock.advance(by: 5)
            #expect(!(try await second.tryAcquire().isHeld))
            #expect(first.isHeld)
        }
        #expect(try await world.item(name)?["expires"]?.integer == Int(start.timeIntervalSince1970) + 60 + 30)
    }

    @Test("the renewal loop renews every third of the duration and keeps the item current")
    func renewalLoop() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock(sleepBudget: 7)
        let start = clock.now()
        let lease = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        try await lease.tryAcquire()
        try await lease.run()
        #expect(clock.sleeps == Array(repeating: .seconds(10), count: 7))
        #expect(lease.isHeld)
        let item = try #require(try await world.item(name))
        // One acquire and seven renewals: the last at start + 70 s.
        #expect(item["version"]?.integer == 8)
        #expect(item["expires"]?.integer == Int(start.timeIntervalSince1970) + 70 + 30)
    }

    // MARK: - Expiry and takeover

    /// How far the contender's clock is ahead of the holder's (negative: behind).
    static let skews: [TimeInterval] = [0, 2.5, -5]

    @Test("a holder that stops renewing fences itself before the other takes over", arguments: skews)
    func takeoverAfterExpiry(skew: TimeInterval) async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: SkewedClock(base: clock, skew: skew))
        try await first.tryAcquire()
        clock.advance(by: 10)
        try await first.renew()
        let lastRenewal = clock.now()

        // The holder stops renewing. Step real time by half seconds until the contender acquires.
        var fencedAt: Date?
        var acquiredAt: Date?
        for _ in 0..<120 {
            clock.advance(by: 0.5)
            if fencedAt == nil, !first.isHeld { fencedAt = clock.now() }
            if try await second.tryAcquire().isHeld {
                acquiredAt = clock.now()
                #expect(!first.isHeld, "two holders at \(clock.now())")
                break
            }
        }
        let fenced = try #require(fencedAt)
        let acquired = try #require(acquiredAt)
        #expect(fenced < acquired)
        #expect(fenced == lastRenewal.addingTimeInterval(27))
        // The contender waits for expiry by its own clock, and no longer than a second beyond it.
        let expiry = lastRenewal.addingTimeInterval(30 - skew)
        #expect(acquired > expiry && acquired <= expiry.addingTimeInterval(1.5))
        #expect(try await world.item(name)?["holder"] == .s("host-b:2:bb"))

        // The old holder's renewal now finds the new holder and keeps it fenced.
        guard case .heldElsewhere(let holder, _) = try await first.renew() else {
            Issue.record("the old holder renewed a lease taken over by another")
            return
        }
        #expect(holder == "host-b:2:bb")
        #expect(!first.isHeld)
    }

    @Test("renewals that fail fence the holder when its window runs out; the other takes over after expiry")
    func failedRenewalsFence() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
        try await first.tryAcquire()
        let acquired = clock.now()
        let outage = world.proxy.inject(.httpError(status: 503), on: .action("UpdateItem"))
        defer { world.proxy.remove(outage) }

        for tick in 1...2 {
            clock.set(acquired.addingTimeInterval(Double(tick) * 10))
            #expect(await first.renewIfHeld() == nil)
            #expect(!(try await second.tryAcquire().isHeld))
        }
        clock.set(acquired.addingTimeInterval(26.9))
        #expect(first.isHeld)
        clock.set(acquired.addingTimeInterval(27))
        #expect(!first.isHeld)
        #expect(!(try await second.tryAcquire().isHeld))
        clock.set(acquired.addingTimeInterval(30))
        #expect(await first.renewIfHeld() == nil)
        #expect(!first.isHeld)
        #expect(!(try await second.tryAcquire().isHeld))
        clock.set(acquired.addingTimeInterval(31))
        #expect(try await second.tryAcquire().isHeld)

        world.proxy.remove(outage)
        #expect(await first.renewIfHeld()?.isHeld == false)
        #expect(try await first.acquire() == false)
        #expect(!first.isHeld)
        #expect(second.isHeld)
    }

    // MARK: - Release

    @Test("release lets the other holder acquire at once, and a late renewal cannot revive it")
    func releaseHandsOver() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
        try await first.tryAcquire()
        #expect(!(try await second.tryAcquire().isHeld))
        try await first.handOver()
        #expect(!first.isHeld)
        #expect(try await world.item(name) == nil)
        #expect(try await second.tryAcquire().isHeld)

        #expect(try await first.renew().isHeld == false)
        try await first.handOver()
        #expect(try await world.item(name)?["holder"] == .s("host-b:2:bb"))
        #expect(second.isHeld)
    }

    // MARK: - The daemon's view

    @Test("as the daemon's lease: a fresh lease costs no write, an older one is renewed, a held one refused")
    func leaseProvider() async throws {
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        let second = try world.lease(name, holder: "host-b:2:bb", clock: clock)
        world.proxy.resetCalls()
        #expect(try await first.acquire())
        clock.advance(by: 9)
        #expect(try await first.acquire())
        #expect(world.proxy.count(service: "dynamodb", action: "PutItem") == 1)
        #expect(world.proxy.count(service: "dynamodb", action: "UpdateItem") == 0)
        clock.advance(by: 1)
        #expect(try await first.acquire())
        #expect(world.proxy.count(service: "dynamodb", action: "UpdateItem") == 1)
        #expect(try await second.acquire() == false)

        await first.release()
        #expect(!first.isHeld)
        #expect(try await second.acquire())
        #expect(try await first.acquire() == false)
    }

    // MARK: - Permissions

    @Test("the lease uses exactly the DynamoDB actions the controller policy's Lease statement allows")
    func actionsMatchPolicy() async throws {
        world.proxy.resetCalls()
        let name = Self.uniqueName()
        let clock = ManualClock()
        let first = try world.lease(name, holder: "host-a:1:aa", clock: clock)
        try await first.tryAcquire()
        try await first.renew()
        try await first.handOver()
        let used = Set(world.proxy.calls.filter { $0.service == "dynamodb" }.map { "dynamodb:\($0.action)" })
        let statement = try #require(try RepositoryFiles.controllerStatements()["Lease"])
        #expect(used == Set(RepositoryFiles.actions(of: statement)))
        #expect(world.proxy.calls.allSatisfy { ($0.status ?? 0) < 400 })
    }
}
