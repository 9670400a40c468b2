import AWS
import Foundation
import Planner
import Testing

@testable import Cloud

@Suite("Mapping AWS answers to the planner's model")
struct MappingTests {
    @Test(
        "timestamps with and without fractional seconds",
        arguments: [
            ("2024-05-01T12:00:00.000Z", 1_714_564_800.0),
            ("2024-05-01T12:00:00Z", 1_714_564_800.0),
            ("2024-05-01T12:00:00.250Z", 1_714_564_800.25),
            ("2024-05-01T14:00:00+02:00", 1_714_564_800.0),
        ])
    func timestamps(text: String, seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test("empty or malformed timestamps are nil", arguments: [nil, "", "  ", "yesterday", "2024-13-01T00:00:00Z"])
    func badTimestamps(text: String?) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("every step command a builder's tags name, the current one included, once")
    func stepCommands() {
        let tags = [
            KilnTag.step: "health", KilnTag.command: "c-3", "kiln:command:install": "c-1",
            "kiln:command:configure": "c-2", "kiln:command:health": "c-3", KilnTag.owner: "me",
        ]
        let commands = StepCommandTag.commands(in: tags)
        #expect(commands.map(\.commandId) == ["c-1", "c-2", "c-3"])
        #expect(commands.map(\.step) == ["install", "configure", "health"])
        #expect(StepCommandTag.commands(in: [KilnTag.command: "c-9"]).isEmpty, "a command without its step")
    }

    @Test("AMI ids named in snapshot descriptions")
    func snapshotDescriptions() {
        #expect(
            RegionObserver.imageIds(in: "Created by CreateImage(i-0abc) for ami-0123456789 from vol-0456")
                == ["ami-0123456789"])
        #expect(
            RegionObserver.imageIds(in: "Copied for DestinationAmi ami-0aaa from SourceAmi ami-0bbb")
                == ["ami-0aaa", "ami-0bbb"])
        #expect(RegionObserver.imageIds(in: "a manual backup").isEmpty)
        #expect(RegionObserver.imageIds(in: nil).isEmpty)
    }

    @Test("failed builders become one failure record per bake: the highest attempt")
    func failures() throws {
        func builder(_ id: String, attempt: String, phase: String, recipe: String = "r1") -> ObservedInstance {
            ObservedInstance(
                id: id, region: "eu-west-1", state: .terminated, imageId: "ami-1",
                tags: [
                    KilnTag.image: "api", KilnTag.version: "1.0.0", KilnTag.recipe: recipe, KilnTag.attempt: attempt,
                    KilnTag.phase: phase, KilnTag.since: "2026-01-0\(attempt)T00:00:00Z", KilnTag.step: "install",
                ],
                launchTime: Date(timeIntervalSince1970: 0))
        }
        let records = RegionObserver.failures(of: [
            builder("i-1", attempt: "1", phase: "failed"), builder("i-2", attempt: "2", phase: "failed-kept"),
            builder("i-3", attempt: "3", phase: "step"), builder("i-4", attempt: "1", phase: "failed", recipe: "r2"),
        ])
        #expect(records.count == 2)
        let first = try #require(records.first { $0.recipe == "r1" })
        #expect(first.attempts == 2)
        #expect(first.version == SemanticVersion("1.0.0"))
        #expect(first.lastStep == "install")
        #expect(first.lastFailureAt == Timestamp.parse("2026-01-02T00:00:00Z"))
        #expect(records.first { $0.recipe == "r2" }?.attempts == 1)
    }

    @Test("an outcome describes itself with what it created")
    func outcomeDescription() {
        let action = Action(.sweepBuilder(instanceId: "i-1"), reason: "orphan", image: nil, version: nil, region: "r")
        let outcome = ActionOutcome(action, ActionOutcome.Effect(.done, instanceId: "i-1", commandId: "c-1"))
        #expect(outcome.description == "done, instance i-1, command c-1")
        #expect(ActionOutcome(action, .refused("not ours")).isRefused)
        #expect(!ActionOutcome(action, .alreadyDone).isRefused)
    }
}
