import Foundation
import Testing

@testable import Planner

// MARK: - Failures in every phase, timeouts, backoff, maxAttempts

@Suite struct BakeFailureTests {
    let image = Fixture.image(regions: [Fixture.west])

    func planned(_ actual: ActualState, _ image: DesiredImage? = nil) -> Plan {
        plan(desired: Fixture.desired([image ?? self.image]), actual: actual, now: Fixture.now)
    }

    func since(_ ago: TimeInterval) -> [String: String] {
        [KilnTag.since: KilnNames.timestamp(Fixture.now.addingTimeInterval(-ago))]
    }

    struct FailureCase: CustomTestStringConvertible, Sendable {
        var name: String
        var actual: ActualState
        var message: String
        var deregisters: [String] = []
        var testDescription: String { name }
    }

    static let failures: [FailureCase] = {
        let f = Fixture.self
        let step = [f.invocation("install", on: "i-1", status: .success)]
        let east = f.ami("ami-1", age: 600)
        return [
            FailureCase(
                name: "builder never starts",
                actual: f.actual(instances: [f.builder("i-1", state: .pending, age: 700)]),
                message: "did not start within 10m"),
            FailureCase(
                name: "agent never online", actual: f.actual(instances: [f.builder("i-1", age: 700)]),
                message: "was not online within 10m"),
            FailureCase(
                name: "step fails",
                actual: f.actual(
                    instances: [f.builder("i-1")],
                    invocations: [f.invocation("install", on: "i-1", status: .failed, exitCode: 2, output: "boom")],
                    online: ["i-1"]),
                message: "step install failed with exit code 2"),
            FailureCase(
                name: "SSM times the step out",
                actual: f.actual(
                    instances: [f.builder("i-1")], invocations: [f.invocation("install", on: "i-1", status: .timedOut)],
                    online: ["i-1"]),
                message: "step install timed out in SSM"),
            FailureCase(
                name: "step cancelled",
                actual: f.actual(
                    instances: [f.builder("i-1")],
                    invocations: [f.invocation("install", on: "i-1", status: .cancelled)],
                    online: ["i-1"]),
                message: "step install was cancelled"),
            FailureCase(
                name: "step runs past its timeout",
                actual: f.actual(
                    instances: [f.builder("i-1", age: 1000)],
                    invocations: [f.invocation("install", on: "i-1", status: .inProgress, age: 800)], online: ["i-1"]),
                message: "step install timed out after 10m"),
            FailureCase(
                name: "whole bake past build.timeout",
                actual: f.actual(
                    instances: [f.builder("i-1", age: 3700)],
                    invocations: [f.invocation("install", on: "i-1", status: .inProgress, age: 60)], online: ["i-1"]),
                message: "bake exceeded its timeout of 1h"),
            FailureCase(
                name: "stop takes too long",
                actual: f.actual(
                    instances: [
                        f.builder(
                            "i-1", state: .stopping, phase: "stopping",
                            extra: [KilnTag.since: KilnNames.timestamp(f.now.addingTimeInterval(-1000))])
                    ], invocations: step),
                message: "did not stop within 15m"),
            FailureCase(
                name: "stopped before the steps finished",
                actual: f.actual(instances: [f.builder("i-1", state: .stopped)], invocations: []),
                message: "stopped before step install succeeded"),
            FailureCase(
                name: "image fails",
                actual: f.actual(
                    images: [f.ami("ami-1", state: .failed, age: 60)], instances: [f.builder("i-1", state: .stopped)]),
                message: "image ami-1 is failed", deregisters: ["ami-1"]),
            FailureCase(
                name: "image never available",
                actual: f.actual(
                    images: [f.ami("ami-1", state: .pending, age: 3700)], instances: [f.builder("i-1", state: .stopped)]
                ),
                message: "was not available within 1h", deregisters: ["ami-1"]),
            FailureCase(
                name: "copy fails",
                actual: f.actual(
                    images: [east, f.ami("ami-2", region: f.west, state: .failed, age: 60)],
                    instances: [f.builder("i-1", state: .stopped)]),
                message: "copy ami-2 in eu-west-1 is failed", deregisters: ["ami-2"]),
            FailureCase(
                name: "copy never available",
                actual: f.actual(
                    images: [east, f.ami("ami-2", region: f.west, state: .pending, age: 3700)],
                    instances: [f.builder("i-1", state: .stopped)]),
                message: "was not available within 1h", deregisters: ["ami-2"]),
        ]
    }()

    @Test(arguments: failures)
    func failureRecordsTerminatesAndDeregisters(_ failure: FailureCase) throws {
        let plan = planned(failure.actual)
        let record = try #require(plan.actions("recordBakeFailure").first)
        guard case .recordBakeFailure(let recorded) = record.kind else { return }
        #expect(recorded.error.contains(failure.message), "\(recorded.error)")
        #expect(recorded.attempt == 1)
        #expect(recorded.at == Fixture.now)
        let terminate = try #require(plan.actions("terminateBuilder").first)
        guard case .terminateBuilder(let id, let tags) = terminate.kind else { return }
        #expect(id == "i-1")
        #expect(tags[KilnTag.phase] == BuilderPhaseTag.failed)
        #expect(plan.actions.compactMap(\.kind.deregisteredImage) == failure.deregisters)
        #expect(plan.actions("launchBuilder").isEmpty)
        #expect(plan.report("app")?.has(.failed) == true)
    }

    @Test func stepFailureCarriesTheOutputTail() throws {
        let actual = Fixture.actual(
            instances: [Fixture.builder("i-1")],
            invocations: [Fixture.invocation("install", on: "i-1", status: .failed, exitCode: 3, output: "no space")],
            online: ["i-1"])
        guard case .recordBakeFailure(let failure)? = planned(actual).actions.first?.kind else {
            Issue.record("expected a failure record first")
            return
        }
        #expect(failure.step == "install")
        #expect(failure.exitCode == 3)
        #expect(failure.outputTail == "no space")
    }

    @Test func keepOnFailureStopsAndTagsInsteadOfTerminating() throws {
        let image = Fixture.image(keepOnFailure: true)
        let actual = Fixture.actual(
            instances: [Fixture.builder("i-1")],
            invocations: [Fixture.invocation("install", on: "i-1", status: .failed, exitCode: 1)], online: ["i-1"])
        let plan = planned(actual, image)
        #expect(plan.kinds == ["recordBakeFailure", "keepFailedBuilder"])
        guard case .keepFailedBuilder(_, let tags)? = plan.actions.last?.kind else { return }
        #expect(tags[KilnTag.phase] == BuilderPhaseTag.failedKept)

        // Next cycle: the kept builder is neither swept nor the live bake; after the backoff, attempt 2.
        let kept = Fixture.builder("i-1", state: .stopped, phase: BuilderPhaseTag.failedKept)
        let later = planned(
            Fixture.actual(instances: [kept], failures: [Fixture.failure(attempts: 1, ago: 600)]), image)
        #expect(later.kinds == ["launchBuilder"])
        guard case .launchBuilder(let launch)? = later.actions.first?.kind else { return }
        #expect(launch.attempt == 2)

        let off = planned(
            Fixture.actual(instances: [kept], failures: [Fixture.failure(attempts: 1, ago: 600)]),
            Fixture.image(keepOnFailure: false))
        #expect(off.actions("sweepBuilder").count == 1)
    }

    @Test(arguments: [(1, 60.0, true), (1, 119.0, true), (1, 121.0, false), (2, 200.0, true), (2, 241.0, false)])
    func backsOffTwoToTheAttemptsMinutes(attempts: Int, ago: TimeInterval, waits: Bool) throws {
        let plan = planned(Fixture.actual(failures: [Fixture.failure(attempts: attempts, ago: ago)]))
        if waits {
            #expect(plan.kinds == ["wait"])
            #expect(plan.report("app")?.phase == .backingOff)
            #expect(plan.report("app")?.has(.waiting) == true)
        } else {
            #expect(plan.kinds == ["launchBuilder"])
            guard case .launchBuilder(let launch)? = plan.actions.first?.kind else { return }
            #expect(launch.attempt == attempts + 1)
            #expect(launch.clientToken.input.hasSuffix("|\(attempts + 1)"))
        }
    }

    @Test func stallsAfterMaxAttemptsUntilTheRecipeChanges() {
        let failures = [Fixture.failure(attempts: 3, ago: 86_400)]
        let stalled = planned(Fixture.actual(failures: failures))
        #expect(stalled.actions.isEmpty)
        #expect(stalled.report("app")?.phase == .stalled)
        #expect(stalled.report("app")?.message(.stalled).contains("failed 3 of 3 attempts") == true)
        #expect(stalled.report("app")?.lastFailure?.attempts == 3)

        let changed = planned(Fixture.actual(failures: failures), Fixture.image(recipe: Fixture.recipe("bbbb2222")))
        #expect(changed.kinds == ["launchBuilder"])
    }

    @Test func aBuilderOfAnAttemptAlreadyRecordedIsTerminated() {
        let plan = planned(
            Fixture.actual(
                instances: [Fixture.builder("i-1", attempt: 1)], failures: [Fixture.failure(attempts: 1, ago: 10)]))
        #expect(plan.kinds == ["terminateBuilder"])
        #expect(plan.actions("recordBakeFailure").isEmpty)
    }

    @Test func aBuilderThatVanishedIsRecordedAsAFailure() throws {
        let plan = planned(
            Fixture.actual(
                instances: [Fixture.builder("i-1", attempt: 2, state: .terminated)],
                failures: [Fixture.failure(attempts: 1, ago: 3600)]))
        #expect(plan.kinds == ["recordBakeFailure"])
        guard case .recordBakeFailure(let failure)? = plan.actions.first?.kind else { return }
        #expect(failure.attempt == 2)
        #expect(failure.error.contains("ended before the bake finished"))
    }

    @Test func aFailedImageAlreadyRecordedIsOnlyDeregistered() {
        var failed = Fixture.ami("ami-1", state: .failed, age: 60)
        failed.creationDate = Fixture.now.addingTimeInterval(-600)
        let plan = planned(
            Fixture.actual(images: [failed], failures: [Fixture.failure(attempts: 1, ago: 300)]))
        #expect(plan.kinds == ["deregisterImage"])
    }

    @Test func aCopyIsRetriedAfterTheBackoffWithoutABuilder() {
        let east = Fixture.ami("ami-1", age: 7200)
        let waiting = planned(Fixture.actual(images: [east], failures: [Fixture.failure(attempts: 1, ago: 60)]))
        #expect(waiting.kinds == ["wait"])
        let retry = planned(Fixture.actual(images: [east], failures: [Fixture.failure(attempts: 1, ago: 600)]))
        #expect(retry.kinds == ["copyImage"])
    }

    @Test func abandonedBakeIsSweptAndTheNewVersionBakes() {
        let old = Fixture.builder("i-old", "app", "0.9.0", recipe: Fixture.recipe("99990000"))
        let plan = planned(Fixture.actual(instances: [old]))
        #expect(Set(plan.kinds) == ["launchBuilder", "sweepBuilder"])
        let sweep = plan.actions("sweepBuilder").first
        #expect(sweep?.reason.hasPrefix("abandoned: app 0.9.0") == true)
    }

    @Test func concurrentBakesAreBoundedInDependencyOrder() {
        let images = ["c", "a", "b"].map { Fixture.image($0) }
        let running = Fixture.builder("i-c", "c")
        let plan = Planner.plan(
            desired: Fixture.desired(images), actual: Fixture.actual(instances: [running]), now: Fixture.now,
            configuration: PlannerConfiguration(maxConcurrentBakes: 2))
        #expect(plan.actions("launchBuilder").map(\.image) == ["a"])
        #expect(plan.report("b")?.phase == .waitingForSlot)
        #expect(plan.report("b")?.message(.waiting).contains("bake slot") == true)
        #expect(plan.report("c")?.phase == .waitingForAgent)
    }
}
