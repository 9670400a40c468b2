import Foundation
import Testing

@testable import Planner

// MARK: - The happy path, one phase per cycle

@Suite struct BakeStateMachineTests {
    let image = Fixture.image(
        regions: [Fixture.west], accounts: ["210987654321"], tests: [ScriptStep(name: "check", run: "true")])
    let recipe = Fixture.recipe("aaaa1111")

    func planned(_ actual: ActualState, _ image: DesiredImage? = nil) -> Plan {
        plan(desired: Fixture.desired([image ?? self.image]), actual: actual, now: Fixture.now)
    }

    @Test func launchesABuilderWhenNoAMIExists() throws {
        let plan = planned(Fixture.actual())
        #expect(plan.kinds == ["launchBuilder"])
        let action = try #require(plan.actions.first)
        guard case .launchBuilder(let launch) = action.kind else { return }
        #expect(launch.sourceImageId == "ami-source")
        #expect(launch.rootDeviceName == "/dev/xvda")
        #expect(launch.requireIMDSv2)
        #expect(!launch.associatePublicIp)
        #expect(launch.rootVolume == RootVolume(kmsKey: "alias/kiln"))
        #expect(launch.attempt == 1)
        #expect(launch.tags[KilnTag.role] == "builder")
        #expect(launch.tags[KilnTag.attempt] == "1")
        #expect(launch.tags[KilnTag.phase] == BuilderPhaseTag.launching)
        #expect(launch.tags[KilnTag.owner] == Fixture.owner)
        #expect(launch.tags[KilnTag.recipe] == recipe)
        #expect(launch.tags[KilnTag.sourceAMI] == "ami-source")
        #expect(launch.tags["team"] == "test")
        #expect(launch.clientToken.value.count == 32)
        #expect(launch.clientToken.input == "kiln-builder|kiln-test|app|1.0.0|\(recipe)|1")
        #expect(action.region == Fixture.east)
        #expect(action.reason.hasPrefix("no AMI for this version"))
        #expect(plan.text.hasPrefix("+ bake app 1.0.0 in us-east-1: no AMI for this version"))
        #expect(plan.report("app")?.has(.baking) == true)
        #expect(!plan.isConverged)
    }

    @Test func aRetriedLaunchRepeatsTheSameRequest() {
        let earlier = planned(Fixture.actual()).actions.first?.kind
        let later = plan(
            desired: Fixture.desired([image]), actual: Fixture.actual(), now: Fixture.now.addingTimeInterval(300))
        #expect(earlier != nil)
        #expect(later.actions.first?.kind == earlier)
    }

    @Test func newestFilterCandidateWinsTiesByImageId() throws {
        let old = ObservedImage(
            id: "ami-old", region: Fixture.east, name: "al2023-a", state: .available,
            creationDate: Fixture.now.addingTimeInterval(-9 * Fixture.day))
        let newA = ObservedImage(
            id: "ami-new-a", region: Fixture.east, name: "al2023-b", state: .available,
            creationDate: Fixture.now.addingTimeInterval(-Fixture.day))
        var newB = newA
        newB.id = "ami-new-b"
        var newest = newA
        newest.id = "ami-newest"
        newest.state = .pending
        newest.creationDate = Fixture.now
        let plan = planned(Fixture.actual(lookups: [Fixture.sourceLookup([old, newB, newest, newA])]))
        guard case .launchBuilder(let launch)? = plan.actions.first?.kind else {
            Issue.record("expected a launch, got \(plan.kinds)")
            return
        }
        #expect(launch.sourceImageId == "ami-new-b")
    }

    @Test func waitsWhileTheBuilderStarts() {
        let plan = planned(Fixture.actual(instances: [Fixture.builder("i-1", state: .pending, age: 60)]))
        #expect(plan.kinds == ["wait"])
        #expect(plan.report("app")?.phase == .waitingForAgent)
    }

    @Test func waitsForTheAgent() {
        let plan = planned(Fixture.actual(instances: [Fixture.builder("i-1", age: 120)]))
        #expect(plan.kinds == ["wait"])
        #expect(plan.actions.first?.reason.contains("SSM agent") == true)
    }

    @Test func sendsStepsInOrder() throws {
        let builder = Fixture.builder("i-1")
        let cases: [([CommandInvocation], String?)] = [
            ([], "install"),
            ([Fixture.invocation("install", on: "i-1", status: .success)], "check"),
            (
                [
                    Fixture.invocation("install", on: "i-1", status: .success),
                    Fixture.invocation("check", on: "i-1", status: .success),
                ], nil
            ),
        ]
        for (invocations, expected) in cases {
            let plan = planned(Fixture.actual(instances: [builder], invocations: invocations, online: ["i-1"]))
            if let expected {
                let action = try #require(plan.actions.first)
                guard case .sendStepCommand(let command) = action.kind else {
                    Issue.record("expected a step, got \(plan.kinds)")
                    continue
                }
                #expect(command.step == expected)
                #expect(command.comment == "kiln step \(expected)")
                #expect(command.builderTags[KilnTag.step] == expected)
                #expect(command.builderTags[KilnTag.phase] == BuilderPhaseTag.step)
                #expect(command.timeout == 600)
            } else {
                #expect(plan.kinds == ["stopBuilder"])
            }
        }
    }

    @Test func findsTheStepByTheBuilderTagsWhenTheCommentIsMissing() {
        let builder = Fixture.builder("i-1", extra: [KilnTag.step: "install", KilnTag.command: "cmd-9"])
        let invocation = CommandInvocation(
            commandId: "cmd-9", instanceId: "i-1", region: Fixture.east, status: .inProgress,
            requestedAt: Fixture.now.addingTimeInterval(-30))
        let plan = planned(Fixture.actual(instances: [builder], invocations: [invocation], online: ["i-1"]))
        #expect(plan.kinds == ["wait"])
        #expect(plan.report("app")?.phase == .runningStep)
    }

    @Test func runsTheStandardCleanupLast() throws {
        let image = Fixture.image(cleanup: .standard)
        let builder = Fixture.builder("i-1")
        let done = [Fixture.invocation("install", on: "i-1", status: .success)]
        let plan = planned(Fixture.actual(instances: [builder], invocations: done, online: ["i-1"]), image)
        guard case .sendStepCommand(let command)? = plan.actions.first?.kind else {
            Issue.record("expected the cleanup step, got \(plan.kinds)")
            return
        }
        #expect(command.step == BakeScript.standardCleanupName)
        #expect(command.script == BakeScript.standardCleanup)
    }

    @Test func stopsThenCreatesTheImage() throws {
        let steps = ["install", "check"].map { Fixture.invocation($0, on: "i-1", status: .success) }
        let stopping = Fixture.builder(
            "i-1", state: .stopping, phase: "stopping",
            extra: [KilnTag.since: KilnNames.timestamp(Fixture.now.addingTimeInterval(-60))])
        #expect(planned(Fixture.actual(instances: [stopping], invocations: steps)).kinds == ["wait"])

        let stopped = Fixture.builder("i-1", state: .stopped, phase: "stopping")
        let plan = planned(Fixture.actual(instances: [stopped], invocations: steps))
        let action = try #require(plan.actions.first)
        guard case .createImage(let create) = action.kind else {
            Issue.record("expected createImage, got \(plan.kinds)")
            return
        }
        #expect(create.name == "kiln/app/1.0.0/aaaa1111")
        #expect(create.imageTags[KilnTag.recipe] == recipe)
        #expect(create.imageTags[KilnTag.sourceAMI] == "ami-source")
        #expect(create.snapshotTags == create.imageTags)
        #expect(create.builderTags[KilnTag.phase] == BuilderPhaseTag.imaging)
    }

    @Test func waitsForTheImageThenTagsItsSnapshots() throws {
        let builder = Fixture.builder("i-1", state: .stopped, phase: "imaging")
        let pending = Fixture.ami("ami-1", state: .pending, age: 600)
        #expect(planned(Fixture.actual(images: [pending], instances: [builder])).kinds == ["wait"])

        let available = Fixture.ami("ami-1", age: 600, snapshots: ["snap-1"])
        let untagged = [ObservedSnapshot(id: "snap-1", region: Fixture.east, startTime: Fixture.now, usedByImage: true)]
        let plan = planned(Fixture.actual(images: [available], snapshots: untagged, instances: [builder]))
        #expect(plan.kinds == ["tagSnapshots"])
        guard case .tagSnapshots(let ids, let tags)? = plan.actions.first?.kind else { return }
        #expect(ids == ["snap-1"])
        #expect(tags[KilnTag.owner] == Fixture.owner)
    }

    @Test func copiesSharesAndFinishes() throws {
        let builder = Fixture.builder("i-1", state: .stopped, phase: "imaging")
        let east = Fixture.ami("ami-1", age: 600)
        let copying = planned(Fixture.actual(images: [east], instances: [builder]))
        #expect(copying.kinds == ["copyImage"])
        let copyAction = try #require(copying.actions.first)
        guard case .copyImage(let copy) = copyAction.kind else { return }
        #expect(copyAction.region == Fixture.west)
        #expect(copy.sourceImageId == "ami-1")
        #expect(copy.sourceRegion == Fixture.east)
        #expect(copy.tags[KilnTag.recipe] == recipe)
        #expect(copy.encrypted && copy.kmsKeyId == "alias/kiln")
        #expect(copy.clientToken.input.hasSuffix("|eu-west-1"))

        let pendingCopy = Fixture.ami("ami-2", region: Fixture.west, state: .pending, age: 60)
        #expect(planned(Fixture.actual(images: [east, pendingCopy], instances: [builder])).kinds == ["wait"])

        let copied = Fixture.ami("ami-2", region: Fixture.west, age: 60)
        let sharing = planned(Fixture.actual(images: [east, copied], instances: [builder]))
        #expect(sharing.kinds == ["shareImage", "shareImage"])
        #expect(Set(sharing.actions.map(\.region)) == [Fixture.east, Fixture.west])

        let shared = [east, copied].map { ami -> ObservedImage in
            var ami = ami
            ami.launchPermissionAccounts = ["210987654321"]
            ami.tags[KilnTag.sharedWith] = "210987654321"  // Kiln records its grants on the AMI
            return ami
        }
        let finishing = planned(Fixture.actual(images: shared, instances: [builder]))
        #expect(finishing.kinds == ["terminateBuilder"])

        var gone = builder
        gone.state = .terminated
        let done = planned(Fixture.actual(images: shared, instances: [gone]))
        #expect(done.actions.isEmpty)
        #expect(done.isConverged)
        #expect(done.report("app")?.has(.ready) == true)
        #expect(done.report("app")?.phase == .done)
    }

    @Test func changedTagsAreSetOnAReadyVersionWithoutHoldingItBack() throws {
        let gone = Fixture.builder("i-1", state: .terminated, phase: "imaging")
        let shared = [Fixture.ami("ami-1", age: 600), Fixture.ami("ami-2", region: Fixture.west, age: 60)].map {
            var ami = $0
            ami.launchPermissionAccounts = ["210987654321"]
            ami.tags[KilnTag.sharedWith] = "210987654321"  // Kiln records its grants on the AMI
            return ami
        }
        #expect(planned(Fixture.actual(images: shared, instances: [gone])).isConverged)

        var retagged = image
        retagged.tags = ["team": "payments", "tier": "1"]
        let plan = planned(Fixture.actual(images: shared, instances: [gone]), retagged)
        #expect(plan.kinds == ["tagImage", "tagImage"])
        #expect(Set(plan.actions.map(\.region)) == [Fixture.east, Fixture.west])
        for action in plan.actions {
            guard case .tagImage(let id, let snapshots, let tags) = action.kind else { continue }
            #expect(snapshots == ["snap-\(id)"])
            #expect(tags == ["team": "payments", "tier": "1", KilnTag.tagKeys: "team,tier"])
        }
        #expect(plan.report("app")?.has(.ready) == true)
        #expect(plan.report("app")?.phase == .done)

        let unchangedTeam = plan.actions.count
        retagged.tags = ["team": "test", "tier": "1"]
        let onlyNew = planned(Fixture.actual(images: shared, instances: [gone]), retagged)
        #expect(onlyNew.actions.count == unchangedTeam)
        #expect(
            onlyNew.actions.allSatisfy {
                if case .tagImage(_, _, let tags) = $0.kind {
                    return tags == ["tier": "1", KilnTag.tagKeys: "team,tier"]
                }
                return false
            })
    }

    @Test func directCallAdvancesFromObservationOnly() {
        let context = BakeContext(
            image: image, key: BakeKey(image: "app", version: Fixture.version("1.0.0"), recipe: recipe),
            owner: Fixture.owner, commit: Fixture.commit, configuration: PlannerConfiguration())
        let observation = BakeObservation(
            source: .waiting("waiting for base 2.0.0"), knownRegions: [Fixture.east, Fixture.west])
        let step = Bake.next(context, observation, now: Fixture.now)
        #expect(step.phase == .waitingForSource)
        #expect(step.status == .waiting("waiting for base 2.0.0"))
    }
}
