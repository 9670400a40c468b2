import Foundation
import Testing

@testable import Planner

// MARK: - Launch templates, launch configurations, SSM parameters; rollback

@Suite struct RolloutTests {
    static let newAMI = Fixture.ami("ami-new", "app", "1.1.0", age: 3600)
    static let oldAMI = Fixture.ami("ami-old", "app", "1.0.0", age: 40 * Fixture.day)

    func image(
        version: String = "1.1.0", templates: [LaunchTemplateTarget] = [],
        configurations: [LaunchConfigurationTarget] = [], parameter: String? = nil, regions: [String] = []
    ) -> DesiredImage {
        Fixture.image(
            version: version, regions: regions,
            rollout: RolloutTargets(
                launchTemplates: templates, launchConfigurations: configurations, ssmParameter: parameter))
    }

    func template(default number: Int, latest: Int? = nil, versions: [LaunchTemplateVersion]) -> ObservedLaunchTemplate
    {
        ObservedLaunchTemplate(
            id: "lt-1", name: "web", region: Fixture.east, defaultVersion: number, latestVersion: latest ?? number,
            versions: versions)
    }

    func planned(_ image: DesiredImage, _ actual: ActualState) -> Plan {
        plan(desired: Fixture.desired([image]), actual: actual, now: Fixture.now)
    }

    // MARK: - Launch templates

    @Test func createsAVersionThenMakesItDefaultThenRefreshes() throws {
        let target = LaunchTemplateTarget(
            name: "web", region: Fixture.east, refresh: InstanceRefresh(autoScalingGroup: "web-asg"))
        let image = image(templates: [target])
        let images = [Self.oldAMI, Self.newAMI]
        let v1 = LaunchTemplateVersion(number: 1, imageId: "ami-old", description: "hand-made")
        let v2 = LaunchTemplateVersion(number: 2, imageId: "ami-new", description: "kiln:app/1.1.0")
        let group = ObservedAutoScalingGroup(
            name: "web-asg", region: Fixture.east, launchTemplate: LaunchTemplateReference(name: "web"))
        let member = ObservedInstance(
            id: "i-web", region: Fixture.east, state: .running, imageId: "ami-old",
            tags: [KilnTag.autoScalingGroup: "web-asg"], launchTime: Fixture.now)

        let first = planned(
            image,
            Fixture.actual(
                images: images, instances: [member], templates: [template(default: 1, versions: [v1])],
                groups: [group]))
        #expect(first.kinds == ["createLaunchTemplateVersion"])
        guard case .createLaunchTemplateVersion(let create)? = first.actions.first?.kind else { return }
        #expect(create.sourceVersion == 1)
        #expect(create.imageId == "ami-new")
        #expect(create.description == "kiln:app/1.1.0")
        #expect(first.report("app")?.has(.rollingOut) == true)
        #expect(first.report("app")?.rolloutTargets.first?.currentVersion == "1.0.0")

        let second = planned(
            image,
            Fixture.actual(
                images: images, instances: [member], templates: [template(default: 1, latest: 2, versions: [v1, v2])],
                groups: [group]))
        #expect(second.kinds == ["setDefaultLaunchTemplateVersion"])
        guard case .setDefaultLaunchTemplateVersion(_, _, let number)? = second.actions.first?.kind else { return }
        #expect(number == 2)

        let defaulted = template(default: 2, versions: [v1, v2])
        let third = planned(
            image, Fixture.actual(images: images, instances: [member], templates: [defaulted], groups: [group]))
        #expect(third.kinds == ["startInstanceRefresh"])
        guard case .startInstanceRefresh(let refresh)? = third.actions.first?.kind else { return }
        #expect(refresh.autoScalingGroup == "web-asg")
        #expect(refresh.minHealthyPercentage == 90)

        var refreshing = group
        refreshing.instanceRefreshes = [ObservedInstanceRefresh(id: "r-1", status: .inProgress, startTime: Fixture.now)]
        let fourth = planned(
            image, Fixture.actual(images: images, instances: [member], templates: [defaulted], groups: [refreshing]))
        #expect(fourth.kinds == ["wait"])

        var failed = group
        failed.instanceRefreshes = [ObservedInstanceRefresh(id: "r-1", status: .failed, startTime: Fixture.now)]
        let fifth = planned(
            image, Fixture.actual(images: images, instances: [member], templates: [defaulted], groups: [failed]))
        #expect(fifth.actions.isEmpty)
        #expect(fifth.report("app")?.message(.rollingOut).contains("not restarted") == true)
        #expect(fifth.report("app")?.has(.ready) == false)

        var refreshed = member
        refreshed.imageId = "ami-new"
        let done = planned(
            image, Fixture.actual(images: images, instances: [refreshed], templates: [defaulted], groups: [group]))
        #expect(done.actions.allSatisfy { $0.kind.caseName != "startInstanceRefresh" })
        #expect(done.report("app")?.has(.ready) == true)
    }

    @Test func withoutSetDefaultTheLatestVersionIsTheTarget() {
        let image = image(templates: [LaunchTemplateTarget(name: "web", region: Fixture.east, setDefault: false)])
        let v1 = LaunchTemplateVersion(number: 1, imageId: "ami-old")
        let v2 = LaunchTemplateVersion(number: 2, imageId: "ami-new", description: "kiln:app/1.1.0")
        let first = planned(
            image, Fixture.actual(images: [Self.newAMI], templates: [template(default: 1, versions: [v1])]))
        #expect(first.kinds == ["createLaunchTemplateVersion"])
        let done = planned(
            image,
            Fixture.actual(images: [Self.newAMI], templates: [template(default: 1, latest: 2, versions: [v1, v2])]))
        #expect(done.actions.isEmpty)
        #expect(done.report("app")?.has(.ready) == true)
    }

    @Test func aMissingTemplateWaits() {
        let image = image(templates: [LaunchTemplateTarget(name: "web", region: Fixture.east)])
        let plan = planned(image, Fixture.actual(images: [Self.newAMI]))
        #expect(plan.kinds == ["wait"])
        #expect(plan.actions.first?.reason == "launch template web does not exist in us-east-1")
    }

    @Test func nothingRollsOutBeforeTheAMIIsAvailable() {
        let image = image(
            templates: [LaunchTemplateTarget(name: "web", region: Fixture.east)], parameter: "/app/ami")
        let pending = Fixture.ami("ami-new", "app", "1.1.0", state: .pending, age: 60)
        let plan = planned(
            image, Fixture.actual(images: [pending], templates: [template(default: 1, versions: [])]))
        #expect(plan.kinds == ["wait"])
        #expect(plan.report("app")?.phase == .waitingForImage)
    }

    // MARK: - Launch configurations

    @Test func replacesTheLaunchConfigurationAndDeletesKilnsOldOneOnceUnused() throws {
        let image = image(configurations: [LaunchConfigurationTarget(autoScalingGroup: "legacy", region: Fixture.east)])
        let old = ObservedLaunchConfiguration(
            name: "legacy-v1", region: Fixture.east, imageId: "ami-old", createdAt: Fixture.now)
        let group = ObservedAutoScalingGroup(name: "legacy", region: Fixture.east, launchConfigurationName: "legacy-v1")
        let plan = planned(image, Fixture.actual(images: [Self.newAMI], configurations: [old], groups: [group]))
        #expect(plan.kinds == ["replaceLaunchConfiguration"])
        guard case .replaceLaunchConfiguration(let replace)? = plan.actions.first?.kind else { return }
        let newName = KilnNames.launchConfigurationName(
            group: "legacy", image: "app", version: Fixture.version("1.1.0"), recipe: Fixture.recipe("aaaa1111"))
        #expect(replace.currentName == "legacy-v1")
        #expect(replace.newName == newName)
        #expect(newName.hasPrefix("kiln-") && newName.hasSuffix("-app-1.1.0-aaaa1111"))
        #expect(replace.imageId == "ami-new")
        #expect(replace.createNew)
        // The group's configuration from before Kiln is the user's: never deleted.
        #expect(!replace.deleteCurrentWhenUnused)

        let other = ObservedAutoScalingGroup(name: "other", region: Fixture.east, launchConfigurationName: "legacy-v1")
        let shared = planned(
            image, Fixture.actual(images: [Self.newAMI], configurations: [old], groups: [group, other]))
        guard case .replaceLaunchConfiguration(let sharedReplace)? = shared.actions.first?.kind else { return }
        #expect(!sharedReplace.deleteCurrentWhenUnused)

        let created = ObservedLaunchConfiguration(
            name: newName, region: Fixture.east, imageId: "ami-new", createdAt: Fixture.now)
        let resumed = planned(
            image, Fixture.actual(images: [Self.newAMI], configurations: [old, created], groups: [group]))
        guard case .replaceLaunchConfiguration(let resume)? = resumed.actions.first?.kind else { return }
        #expect(!resume.createNew)

        // After the move, Kiln's previous configuration is unused and deleted; a hand-made one is not.
        let previous = ObservedLaunchConfiguration(
            name: KilnNames.launchConfigurationName(
                group: "legacy", image: "app", version: Fixture.version("1.0.0"), recipe: Fixture.recipe("aaaa1111")),
            region: Fixture.east, imageId: "ami-old", createdAt: Fixture.now)
        var onKilns = group
        onKilns.launchConfigurationName = previous.name
        let fromKilns = planned(
            image, Fixture.actual(images: [Self.oldAMI, Self.newAMI], configurations: [previous], groups: [onKilns]))
        guard case .replaceLaunchConfiguration(let next)? = fromKilns.actions.first?.kind else { return }
        #expect(next.deleteCurrentWhenUnused)
        var moved = group
        moved.launchConfigurationName = created.name
        let cleaned = planned(
            image,
            Fixture.actual(
                images: [Self.oldAMI, Self.newAMI], configurations: [old, previous, created], groups: [moved]))
        #expect(
            cleaned.actions("deleteLaunchConfiguration").map(\.kind) == [
                .deleteLaunchConfiguration(name: previous.name)
            ])
    }

    // MARK: - SSM parameter

    @Test func publishesEachRegionsOwnAMI() {
        let image = image(parameter: "/app/ami", regions: [Fixture.west])
        let west = Fixture.ami("ami-new-w", "app", "1.1.0", region: Fixture.west, age: 3600)
        let parameters = [ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-old")]
        let plan = planned(image, Fixture.actual(images: [Self.newAMI, west], parameters: parameters))
        let puts = plan.actions("putParameter").map { "\($0.region)=\($0.kind)" }
        #expect(puts.count == 2)
        #expect(plan.actions("putParameter").map(\.region) == [Fixture.west, Fixture.east])
        #expect(plan.actions("putParameter").last?.kind == .putParameter(name: "/app/ami", value: "ami-new"))

        let published = [
            ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-new"),
            ObservedParameter(name: "/app/ami", region: Fixture.west, imageId: "ami-new-w"),
        ]
        let done = planned(image, Fixture.actual(images: [Self.newAMI, west], parameters: published))
        #expect(done.actions.isEmpty)
    }

    @Test func anUnobservedRegionWaits() {
        let image = image(parameter: "/app/ami", regions: [Fixture.west])
        let plan = planned(
            image,
            Fixture.actual(
                failed: [Fixture.west], images: [Self.newAMI],
                parameters: [ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-new")]))
        #expect(Set(plan.kinds) == ["wait"])
        #expect(plan.actions.allSatisfy { $0.region == Fixture.west })
    }

    // MARK: - Rollback

    @Test func rollbackRollsOutTheRetainedVersionWithoutBaking() {
        let target = LaunchTemplateTarget(name: "web", region: Fixture.east)
        let image = image(version: "1.0.0", templates: [target], parameter: "/app/ami")
        let versions = [
            LaunchTemplateVersion(number: 1, imageId: "ami-old", description: "kiln:app/1.0.0"),
            LaunchTemplateVersion(number: 2, imageId: "ami-new", description: "kiln:app/1.1.0"),
        ]
        let plan = planned(
            image,
            Fixture.actual(
                images: [Self.oldAMI, Self.newAMI], templates: [template(default: 2, versions: versions)],
                parameters: [ObservedParameter(name: "/app/ami", region: Fixture.east, imageId: "ami-new")]))
        #expect(plan.kinds == ["createLaunchTemplateVersion", "putParameter"])
        guard case .createLaunchTemplateVersion(let create)? = plan.actions.first?.kind else { return }
        #expect(create.imageId == "ami-old")
        #expect(create.sourceVersion == 2)
        #expect(plan.actions("putParameter").first?.kind == .putParameter(name: "/app/ami", value: "ami-old"))
        #expect(plan.report("app")?.phase == .done)
    }
}
