import Cloud
import Foundation
import Testing

@testable import Controller
@testable import Planner

@Suite struct StatusRenderingTests {
    // MARK: - A cycle with every kind of image

    static func richReport() -> CycleReport {
        var api = Reports.ready("attendance-api", version: "1.4.2", regions: ["us-east-1", "eu-west-1"])
        api.versions.append(
            VersionReport(
                version: "1.3.0", recipe: Reports.recipe,
                amis: [RegionImage(region: "us-east-1", imageId: "ami-0old", state: .available, deprecationTime: nil)]))
        api.kept = [KeptVersion(version: "1.4.2", reasons: ["the desired version", "among the newest 3 versions"])]
        api.pruneCandidates = [
            PruneCandidate(
                version: "1.2.0", imageIds: ["ami-0pruned"],
                reason: "not the desired version 1.4.2, not pinned, not among the newest 3, older than 7d")
        ]
        let deregister = Action(
            .deregisterImage(imageId: "ami-0pruned", snapshotIds: ["snap-1"]), reason: "prune",
            image: "attendance-api", version: SemanticVersion("1.2.0"), region: "us-east-1")

        var billing = Reports.baking("billing", version: "2.0.0")
        billing.phase = .failed
        billing.conditions = [Condition(type: .failed, message: "attempt 2 of 3 failed: step install exited with 2")]
        let tail = """
            Fetching packages
            export PASSWORD=hunter2
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            using key AKIAIOSFODNN7EXAMPLE
            error: install failed
            """

        var legacy = ImageReport(name: "legacy", image: nil)
        legacy.conditions = [
            Condition(type: .stalled, message: "the manifest is invalid: nothing is baked, rolled out or deleted")
        ]
        var report = Reports.report(
            images: [api, billing, legacy], actions: [deregister],
            outcomes: [ActionOutcome(deregister, .done)],
            recorded: [Reports.failure("billing", version: "2.0.0", attempt: 2, tail: tail)],
            issues: [.invalidManifest("legacy", "spec.version: '1.x' is not a semantic version", at: nil)])
        report.fleet = [
            FleetRegion(
                image: "attendance-api", region: "us-east-1",
                versions: [
                    .init(version: "1.4.2", instances: 3, created: Reports.start.addingTimeInterval(-86_400)),
                    .init(version: "1.3.0", instances: 1, created: Reports.start.addingTimeInterval(-30 * 86_400)),
                ])
        ]
        report.accounts = [Self.account("345678901234"), Self.account("210987654321")]
        return report
    }

    /// An observed account holding copies of attendance-api, listed out of order (the status sorts them).
    static func account(_ id: String) -> AccountReport {
        var account = AccountReport(account: id)
        account.observed = true
        let copy = { (version: String, region: String, ami: String, state: String) in
            AccountImageCopy(image: "attendance-api", version: version, region: region, imageId: ami, state: state)
        }
        account.copies = [
            copy("1.4.2", "us-east-1", "ami-0\(id.prefix(3))e1", "available"),
            copy("1.4.2", "eu-west-1", "ami-0\(id.prefix(3))w1", "pending"),
            copy("1.3.0", "us-east-1", "ami-0\(id.prefix(3))o1", "available"),
        ]
        return account
    }

    static func render(_ report: CycleReport, previous: [String: StatusDocument] = [:]) throws -> StatusFiles {
        let renderer = StatusRenderer(
            observedCommit: report.commit, now: report.finishedAt, previous: previous)
        return try StatusFiles(documents: renderer.documents(for: report), directory: "status")
    }

    // MARK: - Golden files

    @Test(arguments: ["attendance-api.yaml", "billing.yaml", "legacy.yaml", "README.md"])
    func matchesGoldenFile(name: String) throws {
        let files = try Self.render(Self.richReport())
        let rendered = try #require(files.files["status/" + name])
        try Golden.check(rendered, against: name)
    }

    @Test func theReadmeListsCopiesInOtherAccountsByImageAccountVersionAndRegion() throws {
        let files = try Self.render(Self.richReport())
        let readme = String(decoding: try #require(files.files["status/README.md"]), as: UTF8.self)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| [attendance-api](attendance-api.yaml) | `") }
        #expect(
            rows.map { $0.split(separator: "|").dropFirst().prefix(3).map { $0.trimmingCharacters(in: .whitespaces) } }
                == [
                    ["`210987654321`", "1.3.0", "us-east-1"], ["`210987654321`", "1.4.2", "eu-west-1"],
                    ["`210987654321`", "1.4.2", "us-east-1"], ["`345678901234`", "1.3.0", "us-east-1"],
                    ["`345678901234`", "1.4.2", "eu-west-1"], ["`345678901234`", "1.4.2", "us-east-1"],
                ], "\(readme)")
        #expect(!readme.contains("| [billing](billing.yaml) | `"), "billing has no copies")
        let none = try Self.render(Reports.report(images: [Reports.ready("web", version: "1.0.0")]))
        let plain = String(decoding: try #require(none.files["status/README.md"]), as: UTF8.self)
        #expect(!plain.contains("Other accounts"))
    }

    // MARK: - Determinism

    @Test func anUnchangedWorldRendersTheSameBytesLater() throws {
        let first = try Self.render(Self.richReport())
        var later = Self.richReport()
        later.startedAt = later.startedAt.addingTimeInterval(3600)
        later.finishedAt = later.finishedAt.addingTimeInterval(3600)
        later.outcomes = []
        later.recordedFailures = []
        let second = try Self.render(later, previous: first.documents)
        #expect(second.files == first.files)
        #expect(second.changedImages(since: first.documents).isEmpty)
    }

    @Test func sinceTimesChangeOnlyWithTheCondition() throws {
        let start = Reports.start
        let baking = Reports.report(images: [Reports.baking("web", version: "1.0.0")], at: start)
        let first = try Self.render(baking)
        let moved = Reports.report(
            images: [Reports.baking("web", version: "1.0.0", message: "waiting for the image")],
            at: start.addingTimeInterval(600))
        let second = try Self.render(moved, previous: first.documents)
        #expect(second.documents["web"]?.conditions.first?.since == "2024-06-01T12:00:03Z")
        let ready = Reports.report(images: [Reports.ready("web", version: "1.0.0")], at: start.addingTimeInterval(1200))
        let third = try Self.render(ready, previous: second.documents)
        #expect(third.documents["web"]?.conditions.first?.since == "2024-06-01T12:20:03Z")
        #expect(third.commitMessage(since: second.documents) == "status: web 1.0.0 Ready in us-east-1")
    }

    @Test func theEngineReadsTheFailuresBack() throws {
        let files = try Self.render(Self.richReport())
        let data = try #require(files.files["status/billing.yaml"])
        let records = StatusFailures.read(ManifestFileShim.file("status/billing.yaml", data))
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.image == "billing" && record.version == SemanticVersion("2.0.0") && record.attempts == 2)
        #expect(record.recipe == Reports.recipe && record.lastStep == "install" && record.lastExitCode == 2)
        #expect(record.lastFailureAt == Reports.start)
        #expect(record.lastOutputTail?.contains("error: install failed") == true)
        #expect(record.lastOutputTail?.contains("hunter2") == false)
    }

    @Test func failuresOfAnotherRecipeAreDropped() throws {
        let first = try Self.render(Self.richReport())
        var changed = Reports.baking("billing", version: "2.0.0")
        changed.recipe = String(repeating: "cd", count: 32)
        let second = try Self.render(Reports.report(images: [changed]), previous: first.documents)
        #expect(second.documents["billing"]?.failures.isEmpty == true)
    }

    @Test func withoutAPlanThePreviousDocumentsGetTheError() throws {
        let first = try Self.render(Self.richReport())
        let second = try Self.render(
            Reports.unobserved(at: Reports.start.addingTimeInterval(60)), previous: first.documents)
        #expect(second.documents.count == 3)
        #expect(second.documents["attendance-api"]?.lastError?.reason == "observe_failed")
        #expect(second.documents["attendance-api"]?.conditions == first.documents["attendance-api"]?.conditions)
    }

    @Test func commitMessagesNameWhatChanged() throws {
        let one = try Self.render(
            Reports.report(images: [Reports.ready("web", version: "1.4.2", regions: ["us-east-1", "eu-west-1"])]))
        #expect(one.commitMessage(since: [:]) == "status: web 1.4.2 Ready in us-east-1, eu-west-1")
        let two = try Self.render(
            Reports.report(images: [Reports.ready("web", version: "1.4.2"), Reports.baking("api", version: "2.0.0")]))
        #expect(two.commitMessage(since: [:]) == "status: api 2.0.0 Baking; web 1.4.2 Ready in us-east-1")
        let many = (1...6).map { Reports.baking("image-number-\($0)", version: "1.0.\($0)") }
        let message = try Self.render(Reports.report(images: many)).commitMessage(since: [:])
        #expect(message.hasPrefix("status: 6 images changed\n\n- image-number-1 1.0.1 Baking\n"))
        let removed = try Self.render(Reports.report(images: []), previous: one.documents)
        #expect(removed.commitMessage(since: one.documents) == "status: web no longer managed")
    }
}
