import AWS
import Foundation
import Synchronization
import KilnTestSupport
import Testing

@testable import Controller

/// Copies into another account under moto's IAM: a failing copy backs off and stalls like a bake, the copy's KMS
/// key is the account's own, the status files and metrics tell the accounts apart, and the external id file is read
/// again when the role is assumed.
extension AccountsEndToEndTests {
    @Test("a copy that keeps failing backs off like a bake, stalls after maxAttempts, and is in the status files")
    func failedCopyBacksOff() async throws {
        try await world.ensureInstanceProfile()
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("backoff")
        let status = AccountStatus(repository: repository)
        let clock = ManualClock(Date())
        let cycle = try world.cycle(repository: repository.path, clock: clock)
        let fault = world.proxy.inject(
            .awsError(status: 400, code: "InvalidParameterValue", message: "the KMS key is not usable"),
            on: .action("CopyImage", of: "ec2"))
        defer { world.proxy.remove(fault) }
        try repository.commit(["manifests/held.yaml": AccountManifests.copied("held")], message: "held 1.0.0")
        func copies() -> Int { world.proxy.firedCount(fault) }

        // The home bake runs; the copy into the target account is tried once and fails.
        var report = await cycle.run(.apply)
        for _ in 0..<40 where copies() == 0 {
            try status.publish(report)
            clock.advance(by: 5)
            report = await cycle.run(.apply)
        }
        try #require(copies() == 1, "\(report.issues)")
        var document = try #require(try status.publish(report)["held"])
        var failure = try #require(document.accountFailures?.first)
        #expect(failure.account == AccountsWorld.target && failure.attempts == 1 && failure.lastAction == "copyImage")
        #expect(failure.lastError.contains("InvalidParameterValue"))

        // Within the backoff (2 × 60 s after one failure): no call, a waiting issue that says until when.
        clock.advance(by: 30)
        report = await cycle.run(.apply)
        #expect(copies() == 1, "no CopyImage during the backoff")
        #expect(report.issues.contains { $0.reason == .bakeBackingOff && $0.message.contains("account 222222222222") })
        try status.publish(report)

        // After each backoff one more attempt; the third is the last.
        for (wait, attempts) in [(125.0, 2), (245.0, 3)] {
            clock.advance(by: wait)
            report = await cycle.run(.apply)
            #expect(copies() == attempts)
            document = try #require(try status.publish(report)["held"])
            failure = try #require(document.accountFailures?.first)
            #expect(failure.attempts == attempts)
        }

        // Stalled: no call however long it waits, one stable message a person is told of.
        var stalled: [String] = []
        for _ in 0..<3 {
            clock.advance(by: 100_000)
            report = await cycle.run(.apply)
            try status.publish(report)
            stalled += report.issues.filter { $0.reason == .bakeStalled }.map(\.message)
            let events = NotificationEvent.events(of: report).filter { $0.event == .imageStalled }
            #expect(events.contains { $0.image == "held" && $0.text.contains("change the manifest to retry") })
        }
        #expect(copies() == 3, "no CopyImage after maxAttempts")
        #expect(stalled.count == 3 && Set(stalled).count == 1, "\(stalled)")
        #expect(stalled.first?.contains("failed 3 of 3 attempts") == true)
    }

    @Test("the copy uses the entry's KMS key; status, status page and metrics name the account")
    func keyedCopyInStatusAndMetrics() async throws {
        try await world.ensureInstanceProfile()
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("keyed")
        let status = AccountStatus(repository: repository)
        let clock = ManualClock(Date())
        let cycle = try world.cycle(repository: repository.path, clock: clock)
        let requests = CopyRequests()
        let watch = world.proxy.rewriteResponses(on: .action("CopyImage", of: "ec2")) { call, _ in
            requests.append(call.parameters)
            return nil
        }
        defer { world.proxy.remove(watch) }
        try repository.commit(
            ["manifests/sealed.yaml": AccountManifests.copied("sealed", kmsKey: "alias/kiln-b")], message: "sealed")

        var report = await cycle.run(.apply)
        for _ in 0..<40 where !report.isConverged {
            try status.publish(report)
            clock.advance(by: 5)
            report = await cycle.run(.apply)
        }
        #expect(report.isConverged, "\(report.issues)")
        let sent = try #require(requests.all.first)
        #expect(sent["KmsKeyId"] == "alias/kiln-b")
        #expect(sent["Encrypted"] == "true")

        let images = try await world.targetImages()
        let copy = try #require(images.first { $0.key.hasPrefix("kiln/sealed/1.0.0/") }?.value)
        let document = try #require(try status.publish(report)["sealed"])
        let listed = try #require(document.accountCopies)
        #expect(listed.count == 1)
        #expect(listed.first?.account == AccountsWorld.target && listed.first?.region == "us-east-1")
        #expect(listed.first?.ami == copy.id && listed.first?.state == "available" && listed.first?.version == "1.0.0")
        #expect(document.accountFailures == nil)
        #expect(StatusDocument.read(try document.yaml())?.accountCopies == listed, "read back through its model")
        let page = StatusPageHTML.accounts(document)
        #expect(page.contains(copy.id) && page.contains(AccountsWorld.target), "\(page)")

        // Instances of the copy in the target account are counted there, under its account label.
        try await world.inTarget("client('ec2').run_instances(ImageId='\(copy.id)', MinCount=2, MaxCount=2)")
        clock.advance(by: 5)
        report = await cycle.run(.plan)
        let fleet = try #require(report.accounts.first { $0.account == AccountsWorld.target }?.fleet)
        #expect(fleet.map(\.image) == ["sealed"] && fleet.first?.region == "us-east-1")
        #expect(fleet.first?.versions.map(\.instances) == [2], "\(fleet)")
        #expect(!report.fleet.contains { $0.image == "sealed" }, "the target's instances are not the home account's")
    }

    @Test("the external id is read when the role is assumed: rotating needs no restart; a bad file fails one account")
    func rotatedExternalId() async throws {
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("rotated")
        let clock = ManualClock(Date())
        try repository.commit(["manifests/turned.yaml": AccountManifests.copied("turned")], message: "turned")
        let cycle = try world.cycle(repository: repository.path, clock: clock, externalId: "stale-id")
        let file = world.directory.appendingPathComponent("external-id-stale-id").path
        func accountIssues(_ report: CycleReport) -> [String] {
            report.issues.map(\.description).filter { $0.contains(AccountsWorld.target) }
        }

        var report = await cycle.run(.plan)
        #expect(accountIssues(report).contains { $0.contains("AssumeRole failed: AccessDenied") }, "\(report.issues)")

        // The id is rotated in place: the same running cycle assumes the role with it.
        try Data(AccountsWorld.externalId.utf8).write(to: URL(fileURLWithPath: file))
        report = await cycle.run(.plan)
        #expect(accountIssues(report).isEmpty, "\(report.issues)")
        #expect(report.accounts.first?.observed == true)

        // Too open, then missing: that account's problem, named; the home account still plans.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        report = await cycle.run(.plan)
        #expect(accountIssues(report).contains { $0.contains("too open") && $0.contains(file) }, "\(report.issues)")
        #expect(report.plan?.images.contains { $0.name == "turned" } == true)
        try FileManager.default.removeItem(atPath: file)
        report = await cycle.run(.plan)
        #expect(accountIssues(report).contains { $0.contains("cannot read") }, "\(report.issues)")
        #expect(!report.issues.map(\.description).joined().contains(AccountsWorld.externalId))
        #expect(report.plan != nil)
    }
}

/// The parameters of each CopyImage request the proxy saw.
final class CopyRequests: Sendable {
    private let requests = Mutex<[[String: String]]>([])

    func append(_ parameters: [String: String]) {
        requests.withLock { $0.append(parameters) }
    }

    var all: [[String: String]] { requests.withLock { $0 } }
}
