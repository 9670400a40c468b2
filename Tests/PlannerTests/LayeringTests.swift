import Foundation
import Testing

@testable import Planner

// MARK: - Layered images and drift

@Suite struct LayeringTests {
    let base = Fixture.image("zbase", version: "2.0.0", recipe: Fixture.recipe("bbbb0000"))
    let app = Fixture.image("app", version: "1.0.0", source: .image("zbase"))

    func planned(_ images: [DesiredImage], _ actual: ActualState) -> Plan {
        plan(desired: Fixture.desired(images), actual: actual, now: Fixture.now)
    }

    @Test func theBaseBakesFirstAndItsDependentWaits() {
        let plan = planned([app, base], Fixture.actual())
        #expect(plan.images.map(\.name) == ["zbase", "app"])
        #expect(plan.kinds == ["launchBuilder", "wait"])
        #expect(plan.actions.map(\.image) == ["zbase", "app"])
        #expect(plan.actions.last?.reason == "waiting for zbase 2.0.0")
        #expect(plan.report("app")?.phase == .waitingForSource)
    }

    @Test func theDependentBakesOnTheBasesDesiredVersion() {
        let baseAMI = Fixture.ami("ami-base", "zbase", "2.0.0", recipe: Fixture.recipe("bbbb0000"))
        let older = Fixture.ami("ami-base-old", "zbase", "1.9.0", recipe: Fixture.recipe("bbbb0000"))
        let plan = planned([app, base], Fixture.actual(images: [older, baseAMI]))
        #expect(plan.kinds == ["launchBuilder"])
        guard case .launchBuilder(let launch)? = plan.actions.first?.kind else { return }
        #expect(launch.sourceImageId == "ami-base")
        #expect(launch.tags[KilnTag.sourceAMI] == "ami-base")
        #expect(plan.actions.first?.reason.contains("source zbase 2.0.0 (ami-base)") == true)
    }

    @Test func aPendingBaseIsNotABase() {
        let pending = Fixture.ami(
            "ami-base", "zbase", "2.0.0", recipe: Fixture.recipe("bbbb0000"), state: .pending, age: 60)
        let plan = planned([app, base], Fixture.actual(images: [pending]))
        #expect(plan.report("app")?.phase == .waitingForSource)
    }

    @Test func aNewBaseVersionRebakesNothingByItself() {
        let newBase = Fixture.image("zbase", version: "2.1.0", recipe: Fixture.recipe("bbbb0000"))
        let images = [
            Fixture.ami("ami-base", "zbase", "2.0.0", recipe: Fixture.recipe("bbbb0000")),
            Fixture.ami("ami-app", "app", "1.0.0"),
        ]
        let plan = planned([app, newBase], Fixture.actual(images: images))
        #expect(plan.kinds == ["launchBuilder"])
        #expect(plan.actions.first?.image == "zbase")
        #expect(plan.report("app")?.has(.ready) == true)
    }

    @Test func anInvalidBaseStopsItsDependentsBakeButNotOthers() {
        let other = Fixture.image("other")
        let plan = plan(
            desired: Fixture.desired([app, other], invalid: ["zbase"]), actual: Fixture.actual(), now: Fixture.now)
        #expect(plan.report("app")?.message(.waiting) == "source image zbase has an invalid manifest")
        #expect(plan.actions("launchBuilder").map(\.image) == ["other"])
        #expect(plan.report("zbase")?.has(.stalled) == true)
    }

    @Test func dependencyOrderIsStableAndPutsBasesFirst() {
        let images = [
            Fixture.image("c", source: .image("b")), Fixture.image("b", source: .image("a")), Fixture.image("a"),
            Fixture.image("d"),
        ]
        #expect(DependencyOrder.sort(images).map(\.name) == ["a", "d", "b", "c"])
        #expect(DependencyOrder.sort(images.reversed()).map(\.name) == ["a", "d", "b", "c"])
        let cycle = [Fixture.image("x", source: .image("y")), Fixture.image("y", source: .image("x"))]
        #expect(DependencyOrder.sort(cycle).map(\.name) == ["x", "y"])
    }

    // MARK: - Drift

    @Test func aChangedRecipeUnderTheSameVersionIsDriftNotARebake() throws {
        let image = Fixture.image(
            recipe: Fixture.recipe("cccc3333"), regions: [Fixture.west],
            rollout: RolloutTargets(ssmParameter: "/app/ami"))
        let existing = Fixture.ami("ami-1", recipe: Fixture.recipe("aaaa1111"))
        let plan = planned([image], Fixture.actual(images: [existing]))
        #expect(plan.actions("launchBuilder").isEmpty)
        let drift = try #require(plan.actions("reportDrift").first)
        #expect(
            drift.kind
                == .reportDrift(
                    imageId: "ami-1", existingRecipe: Fixture.recipe("aaaa1111"),
                    desiredRecipe: Fixture.recipe("cccc3333")))
        #expect(drift.reason.contains("bump spec.version"))
        #expect(plan.report("app")?.has(.drift) == true)
        // The existing AMI is still distributed and rolled out.
        #expect(plan.actions("copyImage").count == 1)
        #expect(plan.actions("putParameter").first?.kind == .putParameter(name: "/app/ami", value: "ami-1"))
    }

    @Test func driftAloneIsConverged() {
        let image = Fixture.image(recipe: Fixture.recipe("cccc3333"))
        let plan = planned([image], Fixture.actual(images: [Fixture.ami("ami-1")]))
        #expect(plan.kinds == ["reportDrift"])
        #expect(plan.isConverged)
        #expect(plan.text.hasPrefix("! drift of app 1.0.0 in us-east-1: ami-1 in us-east-1 was baked for 1.0.0"))
    }
}
