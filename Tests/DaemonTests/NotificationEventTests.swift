import Cloud
import Foundation
import Testing

@testable import Controller
@testable import Planner

/// Events are derived from what a cycle did, once per occurrence.
@Suite struct NotificationEventTests {
    static let v142 = SemanticVersion("1.4.2")

    static func action(_ kind: ActionKind, image: String = "web", region: String = "us-east-1") -> Action {
        Action(kind, reason: "test", image: image, version: v142, region: region)
    }

    static func launch(attempt: Int) -> ActionKind {
        .launchBuilder(
            launch: LaunchBuilder(
                sourceImageId: "ami-0source", instanceType: "t3.small", securityGroupIds: [],
                instanceProfile: "kiln-builder", rootVolume: RootVolume(), associatePublicIp: false, tags: [:],
                clientToken: ClientToken(input: "web/1.4.2/\(attempt)"), attempt: attempt))
    }

    static func kinds(_ events: [NotificationEvent]) -> [NotificationEvent.Kind] { events.map(\.event) }

    @Test func aBuilderLaunchedThisCycleIsABakeStart() throws {
        let start = Self.action(Self.launch(attempt: 2))
        let report = Reports.report(
            images: [Reports.baking("web", version: "1.4.2")], actions: [start],
            outcomes: [ActionOutcome(start, .done, detail: "i-1")])
        let events = NotificationEvent.events(of: report)
        #expect(Self.kinds(events) == [.bakeStarted])
        let event = try #require(events.first)
        #expect(event.image == "web" && event.version == "1.4.2" && event.region == "us-east-1")
        #expect(event.attempt == 2 && event.commit == report.commit && event.time == report.finishedAt)
        #expect(event.text.contains("web 1.4.2") && event.text.contains("attempt 2"))

        // The same launch found already done (a retried cycle) is not a new start.
        let again = Reports.report(
            images: [Reports.baking("web", version: "1.4.2")], actions: [start],
            outcomes: [ActionOutcome(start, .alreadyDone, detail: "i-1")])
        #expect(NotificationEvent.events(of: again).isEmpty)
    }

    @Test func aRecordedFailureIsABakeFailureWithStepAndExitCode() throws {
        let failure = Reports.failure("web", version: "1.4.2", attempt: 1, tail: "boom")
        let record = Self.action(.recordBakeFailure(failure: failure))
        let report = Reports.report(
            images: [Reports.baking("web", version: "1.4.2")], actions: [record],
            outcomes: [ActionOutcome(record, .recorded)], recorded: [failure])
        let event = try #require(NotificationEvent.events(of: report).first)
        #expect(event.event == .bakeFailed)
        #expect(event.step == "install" && event.exitCode == 2 && event.attempt == 1)
        #expect(event.text.contains("at step install (exit 2)"))
    }

    @Test func theFinishingStepCarriedOutIsABakeSuccessWithTheAMI() throws {
        var image = Reports.ready("web", version: "1.4.2")
        image.phase = .finishing
        let terminate = Self.action(.terminateBuilder(instanceId: "i-1", tags: [:]))
        let report = Reports.report(
            images: [image], actions: [terminate],
            outcomes: [ActionOutcome(terminate, .done)])
        let event = try #require(NotificationEvent.events(of: report).first)
        #expect(event.event == .bakeSucceeded && event.amiId == "ami-0aaa0")

        // A builder ended because its bake failed is no success.
        image.phase = .failed
        let failed = Reports.report(
            images: [image], actions: [terminate],
            outcomes: [ActionOutcome(terminate, .done)])
        #expect(NotificationEvent.events(of: failed).isEmpty)
    }

    @Test func rolloutActionsOfOneVersionAndRegionAreOneRollout() throws {
        let create = Self.action(
            .createLaunchTemplateVersion(
                create: CreateLaunchTemplateVersion(
                    templateId: "lt-1", templateName: "web", sourceVersion: 3, imageId: "ami-0new",
                    description: "kiln:web/1.4.2")))
        let setDefault = Self.action(
            .setDefaultLaunchTemplateVersion(templateId: "lt-1", templateName: "web", version: 4))
        let parameter = Self.action(.putParameter(name: "/kiln/web/ami", value: "ami-0new"))
        let actions = [create, setDefault, parameter]
        let report = Reports.report(
            images: [Reports.ready("web", version: "1.4.2")], actions: actions,
            outcomes: actions.map { ActionOutcome($0, .done) })
        let events = NotificationEvent.events(of: report)
        #expect(Self.kinds(events) == [.rolloutDone])
        #expect(events.first?.amiId == "ami-0new")
        #expect(events.first?.text.contains("launch template web, SSM parameter /kiln/web/ami") == true)

        // The launch template's new default, the next cycle, is the same rollout.
        let next = Reports.report(
            images: [Reports.ready("web", version: "1.4.2")], actions: [setDefault],
            outcomes: [ActionOutcome(setDefault, .done)])
        #expect(NotificationEvent.events(of: next).map(\.key) == events.map(\.key))

        // A failed action of the image: its rollout is not done.
        let failed = Reports.report(
            images: [Reports.ready("web", version: "1.4.2")], actions: actions,
            outcomes: [
                ActionOutcome(create, .done),
                ActionOutcome(setDefault, .failed(.aws, message: "no")),
            ])
        #expect(NotificationEvent.events(of: failed).isEmpty)
    }

    @Test func onlyPrunedVersionsArePruneEvents() throws {
        var image = Reports.ready("web", version: "1.4.2")
        image.pruneCandidates = [PruneCandidate(version: "1.2.0", imageIds: ["ami-0old"], reason: "old")]
        let prune = Action(
            .deregisterImage(imageId: "ami-0old", snapshotIds: []), reason: "prune", image: "web",
            version: SemanticVersion("1.2.0"), region: "eu-west-1")
        let partial = Self.action(.deregisterImage(imageId: "ami-0partial", snapshotIds: []))
        let report = Reports.report(
            images: [image], actions: [prune, partial],
            outcomes: [prune, partial].map { ActionOutcome($0, .done) })
        let events = NotificationEvent.events(of: report)
        #expect(Self.kinds(events) == [.versionPruned])
        #expect(events.first?.version == "1.2.0" && events.first?.amiId == "ami-0old")
        #expect(events.first?.region == "eu-west-1")
    }

    @Test func stalledImagesAreEventsAndASteadyWorldIsSilent() throws {
        var image = Reports.baking("web", version: "1.4.2")
        image.phase = .stalled
        let stalled = Reports.report(
            images: [image], issues: [.bakeStalled("web", "failed 3 of 3 attempts", at: nil)])
        let event = try #require(NotificationEvent.events(of: stalled).first)
        #expect(event.event == .imageStalled && event.reason == "bake_stalled" && event.version == "1.4.2")
        // The same problem next cycle is the same occurrence.
        let later = Reports.report(
            images: [image], issues: [.bakeStalled("web", "failed 3 of 3 attempts", at: nil)],
            at: Reports.start.addingTimeInterval(60))
        #expect(NotificationEvent.events(of: later).first?.key == event.key)

        let steady = Reports.report(images: [Reports.ready("web", version: "1.4.2")])
        #expect(NotificationEvent.events(of: steady).isEmpty)
    }

    @Test func theBodyHasTheDocumentedFieldsAndIsRedacted() throws {
        let event = NotificationEvent(
            .bakeFailed, image: "web", version: "1.4.2", region: "us-east-1", commit: "abc", time: Reports.start,
            text: "failed: export PASSWORD=hunter2", step: "install", exitCode: 2)
        let body = try event.body()
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(object["event"] as? String == "bake.failed")
        #expect(object["time"] as? String == "2024-06-01T12:00:00Z")
        #expect(object["exitCode"] as? Int == 2)
        #expect(object["amiId"] == nil)
        #expect(Set(object.keys).isSuperset(of: ["event", "image", "version", "region", "commit", "time", "text"]))
        #expect(!String(decoding: body, as: UTF8.self).contains("hunter2"))
    }

    @Test func theOccurrenceMemoryIsBounded() {
        var memory = OccurrenceMemory(capacity: 2)
        let results = ["a", "b", "a", "c", "a", "c"].map { memory.insert($0) }
        // a, b are new; a is known; c pushes a out; a is new again (pushing b out); c is known.
        #expect(results == [true, true, false, true, true, false])
    }
}
