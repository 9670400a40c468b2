import Foundation
import Testing

@testable import Planner

// MARK: - Many cycles against a simulated cloud

@Suite struct LifecycleTests {
    static let template = ObservedLaunchTemplate(
        id: "lt-web", name: "web", region: Fixture.east, defaultVersion: 1, latestVersion: 1,
        versions: [LaunchTemplateVersion(number: 1, imageId: "ami-handmade", description: "first")])
    static let members = (1...2).map {
        ObservedInstance(
            id: "i-web-\($0)", region: Fixture.east, state: .running, imageId: "ami-handmade",
            tags: [KilnTag.autoScalingGroup: "web-asg"], launchTime: Fixture.now)
    }

    static func image(_ version: String, recipe: String = Fixture.recipe("aaaa1111")) -> DesiredImage {
        Fixture.image(
            version: version, recipe: recipe, regions: [Fixture.west], accounts: ["210987654321"],
            rollout: RolloutTargets(
                launchTemplates: [
                    LaunchTemplateTarget(
                        name: "web", region: Fixture.east, refresh: InstanceRefresh(autoScalingGroup: "web-asg")
                    )
                ],
                launchConfigurations: [LaunchConfigurationTarget(autoScalingGroup: "legacy", region: Fixture.east)],
                ssmParameter: "/app/ami"),
            retention: Retention(keep: 1, minAge: .days(1)), cleanup: .standard,
            tests: [ScriptStep(name: "check", run: "true")])
    }

    static func world() -> CloudSimulator {
        CloudSimulator(
            state: Fixture.actual(
                instances: members, templates: [template],
                configurations: [
                    ObservedLaunchConfiguration(
                        name: "legacy-v1", region: Fixture.east, imageId: "ami-handmade", createdAt: Fixture.now)
                ],
                groups: [
                    ObservedAutoScalingGroup(
                        name: "web-asg", region: Fixture.east, launchTemplate: LaunchTemplateReference(name: "web")),
                    ObservedAutoScalingGroup(
                        name: "legacy", region: Fixture.east, launchConfigurationName: "legacy-v1"),
                ]),
            now: Fixture.now)
    }

    /// Plans and applies until converged; returns every plan.
    @discardableResult
    static func converge(
        _ cloud: inout CloudSimulator, _ image: DesiredImage, cycles: Int = 60,
        applying: (Action) -> Bool = { _ in true }
    ) -> [Plan] {
        var plans: [Plan] = []
        for _ in 0..<cycles {
            let next = plan(desired: Fixture.desired([image]), actual: cloud.state, now: cloud.now)
            plans.append(next)
            if next.isConverged { break }
            for action in next.actions where applying(action) { cloud.apply(action) }
            cloud.tick()
        }
        return plans
    }

    static func lastText(_ plans: [Plan]) -> Comment { Comment(rawValue: plans.last?.text ?? "") }

    func amis(_ cloud: CloudSimulator, _ version: String) -> [ObservedImage] {
        cloud.state.images.filter { $0.tags[KilnTag.version] == version }.sorted { $0.region < $1.region }
    }

    @Test func bakesRollsOutRollsBackAndPrunes() throws {
        var cloud = Self.world()
        let first = Self.converge(&cloud, Self.image("1.0.0"))
        #expect(first.last?.isConverged == true, Self.lastText(first))
        #expect(first.flatMap(\.actions).filter { $0.kind.caseName == "launchBuilder" }.count == 1)
        let v1 = amis(cloud, "1.0.0")
        #expect(v1.map(\.region) == [Fixture.west, Fixture.east])
        #expect(v1.allSatisfy { $0.launchPermissionAccounts == ["210987654321"] })
        let v1East = try #require(v1.last?.id)
        #expect(cloud.state.instances.filter { $0.tags[KilnTag.role] == "builder" }.allSatisfy { $0.state.isEnding })
        #expect(cloud.state.instances.filter { $0.id.hasPrefix("i-web") }.allSatisfy { $0.imageId == v1East })
        #expect(cloud.state.parameters.count == 2)
        // The group's configuration from before Kiln is never deleted: Kiln did not make it.
        #expect(cloud.state.launchConfigurations.contains { $0.name == "legacy-v1" })

        let second = Self.converge(&cloud, Self.image("1.1.0", recipe: Fixture.recipe("bbbb2222")))
        #expect(second.last?.isConverged == true, Self.lastText(second))
        let v2East = try #require(amis(cloud, "1.1.0").last?.id)
        let template = try #require(cloud.state.launchTemplates.first)
        #expect(template.version(template.defaultVersion)?.imageId == v2East)
        let kilnName = KilnNames.launchConfigurationName(
            group: "legacy", image: "app", version: Fixture.version("1.1.0"), recipe: Fixture.recipe("bbbb2222"))
        #expect(Set(cloud.state.launchConfigurations.map(\.name)) == [kilnName, "legacy-v1"])
        #expect(amis(cloud, "1.0.0").count == 2)  // younger than minAge

        // Rollback to 1.0.0: no bake, only rollout.
        let back = Self.converge(&cloud, Self.image("1.0.0"))
        #expect(back.last?.isConverged == true)
        #expect(back.flatMap(\.actions).allSatisfy { $0.kind.caseName != "launchBuilder" })
        #expect(cloud.state.parameters.first { $0.region == Fixture.east }?.imageId == v1East)

        // Forward again, two days later: 1.0.0 is pruned, then its snapshots.
        Self.converge(&cloud, Self.image("1.1.0", recipe: Fixture.recipe("bbbb2222")))
        cloud.tick(2 * Fixture.day)
        let prune = Self.converge(&cloud, Self.image("1.1.0", recipe: Fixture.recipe("bbbb2222")))
        #expect(prune.last?.isConverged == true, Self.lastText(prune))
        #expect(amis(cloud, "1.0.0").isEmpty)
        let leftover = cloud.state.snapshots.filter { $0.tags[KilnTag.version] == "1.0.0" }
        #expect(leftover.isEmpty)
        #expect(prune.flatMap(\.actions).contains { $0.kind.caseName == "deleteLaunchTemplateVersions" })
    }

    @Test func lostActionsAreRedoneOnLaterCycles() {
        var cloud = Self.world()
        var rng = SeededRandom(seed: 7)
        let plans = Self.converge(&cloud, Self.image("1.0.0"), cycles: 200) { _ in rng.chance(0.6) }
        #expect(plans.last?.isConverged == true, Self.lastText(plans))
        let builders = cloud.state.instances.filter { $0.tags[KilnTag.role] == "builder" }
        #expect(builders.count == 1)
        #expect(amis(cloud, "1.0.0").count == 2)
    }

    @Test func aFailingStepRetriesWithBackoffThenStalls() {
        var cloud = Self.world()
        cloud.failingSteps = ["check"]
        var plans: [Plan] = []
        for _ in 0..<80 {
            let next = plan(desired: Fixture.desired([Self.image("1.0.0")]), actual: cloud.state, now: cloud.now)
            plans.append(next)
            cloud.apply(next)
            cloud.tick(120)
        }
        let launches = plans.flatMap(\.actions).filter { $0.kind.caseName == "launchBuilder" }
        #expect(launches.count == 3)
        let failures = plans.flatMap(\.actions).filter { $0.kind.caseName == "recordBakeFailure" }
        #expect(failures.count == 3)
        #expect(plans.last?.report("app")?.phase == .stalled)
        #expect(plans.last?.actions.isEmpty == true)
        #expect(plans.last?.report("app")?.lastFailure?.lastOutputTail == "check: something broke")
        #expect(cloud.state.instances.filter { $0.tags[KilnTag.role] == "builder" }.allSatisfy { $0.state.isEnding })
    }
}
