import Foundation
import Testing

@testable import Planner

// MARK: - Prune, by example

@Suite struct PruneTests {
    /// Versions 1.0.0 … 1.5.0, one AMI each in us-east-1, 40 days old and older.
    static let history = (0...5).map {
        Fixture.ami("ami-10\($0)", "app", "1.\($0).0", age: Double(40 + 5 - $0) * Fixture.day)
    }

    func image(_ retention: Retention = Retention(keep: 3, pinned: [Fixture.version("1.0.0")]), retired: Bool = false)
        -> DesiredImage
    {
        Fixture.image(version: "1.5.0", retention: retention, retired: retired)
    }

    func planned(
        _ image: DesiredImage, _ actual: ActualState, loaded: Bool = true, invalid: Set<String> = [],
        configuration: PlannerConfiguration = PlannerConfiguration()
    ) -> Plan {
        plan(
            desired: Fixture.desired([image], loaded: loaded, invalid: invalid), actual: actual, now: Fixture.now,
            configuration: configuration)
    }

    var deregistered: (Plan) -> [String] { { $0.actions.compactMap(\.kind.deregisteredImage) } }

    @Test func prunesWhatNoRuleKeepsAndSaysWhy() throws {
        let plan = planned(image(), Fixture.actual(images: Self.history))
        #expect(deregistered(plan) == ["ami-101", "ami-102"])
        let report = try #require(plan.report("app"))
        #expect(report.pruneCandidates.map(\.version) == ["1.2.0", "1.1.0"])
        #expect(report.pruneCandidates.first?.reason.contains("not pinned, not among the newest 3") == true)
        let kept = Dictionary(uniqueKeysWithValues: report.kept.map { ($0.version, $0.reasons) })
        #expect(kept["1.5.0"]?.contains("the desired version") == true)
        #expect(kept["1.3.0"] == ["among the newest 3 versions"])
        #expect(kept["1.0.0"] == ["pinned in retention"])
        #expect(plan.text.contains("- deregister ami-101 of app 1.1.0 in us-east-1: not the desired version 1.5.0"))
    }

    @Test func everyReferenceKeepsAnAMI() {
        let template = ObservedLaunchTemplate(
            id: "lt-1", name: "other", region: Fixture.east, defaultVersion: 1, latestVersion: 3,
            versions: [
                LaunchTemplateVersion(number: 1, imageId: "ami-foreign"),
                LaunchTemplateVersion(number: 2, imageId: "ami-101"),
                LaunchTemplateVersion(number: 3, imageId: "ami-foreign"),
            ])
        let group = ObservedAutoScalingGroup(
            name: "asg", region: Fixture.east,
            mixedInstancesPolicy: MixedInstancesPolicyReference(
                launchTemplate: LaunchTemplateReference(name: "other"),
                overrides: [LaunchTemplateReference(id: "lt-1", version: "2")]))
        let instance = ObservedInstance(
            id: "i-1", region: Fixture.east, state: .stopped, imageId: "ami-102", launchTime: Fixture.now)
        let plan = planned(
            image(),
            Fixture.actual(
                images: Self.history, instances: [instance], templates: [template],
                groups: [group]))
        #expect(deregistered(plan).isEmpty)
        let kept = plan.report("app")?.kept.flatMap(\.reasons) ?? []
        #expect(kept.contains("ami-101 is referenced by version 2 of launch template other, pinned by group asg"))
        #expect(kept.contains("ami-102 is used by instance i-1 (stopped) in us-east-1"))
    }

    @Test func youngAMIsAreKept() {
        let young = Self.history.map { ami -> ObservedImage in
            var ami = ami
            if ami.id == "ami-101" { ami.creationDate = Fixture.now.addingTimeInterval(-2 * Fixture.day) }
            return ami
        }
        #expect(deregistered(planned(image(), Fixture.actual(images: young))) == ["ami-102"])
    }

    @Test func deprecationComesBeforeDeregistration() {
        let retention = Retention(keep: 3, pinned: [Fixture.version("1.0.0")], deprecateAfter: .days(3))
        let first = planned(image(retention), Fixture.actual(images: Self.history))
        #expect(deregistered(first).isEmpty)
        let deprecations = first.actions("deprecateImage")
        #expect(deprecations.count == 4)  // 1.1.0 … 1.4.0; not the desired, not the pinned
        #expect(
            deprecations.first?.kind
                == .deprecateImage(imageId: "ami-101", at: Fixture.now.addingTimeInterval(3 * Fixture.day)))

        let deprecated = Self.history.map { ami -> ObservedImage in
            var ami = ami
            if ami.id != "ami-105" && ami.id != "ami-100" { ami.deprecationTime = Fixture.now.addingTimeInterval(-60) }
            return ami
        }
        #expect(deregistered(planned(image(retention), Fixture.actual(images: deprecated))) == ["ami-101", "ami-102"])

        // Rolled back to a deprecated version: the deprecation is cancelled.
        let rollback = Fixture.image(version: "1.3.0", retention: retention)
        let back = planned(rollback, Fixture.actual(images: deprecated))
        #expect(back.actions("deprecateImage").map(\.kind).contains(.deprecateImage(imageId: "ami-103", at: nil)))
    }

    @Test func snapshotsGoOnlyAfterTheirAMI() {
        let pruned = Fixture.snapshots(of: [Self.history[1]]).map { snapshot -> ObservedSnapshot in
            var snapshot = snapshot
            snapshot.usedByImage = false
            return snapshot
        }
        let remaining = Self.history.filter { $0.id != "ami-101" }
        let plan = planned(
            image(), Fixture.actual(images: remaining, snapshots: Fixture.snapshots(of: remaining) + pruned))
        #expect(plan.actions("deleteSnapshot").map(\.kind) == [.deleteSnapshot(snapshotId: "snap-ami-101")])
        // Still used by another image: kept.
        var sharing = remaining
        sharing[0].snapshotIds.append("snap-ami-101")
        let kept = planned(
            image(), Fixture.actual(images: sharing, snapshots: Fixture.snapshots(of: remaining) + pruned))
        #expect(kept.actions("deleteSnapshot").isEmpty)
    }

    @Test func retiredPrunesEverythingNotInUse() {
        let retired = image(Retention(keep: 3, minAge: .days(1), pinned: []), retired: true)
        let parameter = ObservedParameter(name: "/x", region: Fixture.east, imageId: "ami-105")
        let plan = planned(retired, Fixture.actual(images: Self.history, parameters: [parameter]))
        #expect(deregistered(plan) == ["ami-100", "ami-101", "ami-102", "ami-103", "ami-104"])
        #expect(plan.report("app")?.has(.retired) == true)
        #expect(plan.actions("launchBuilder").isEmpty)
    }

    struct Blocked: CustomTestStringConvertible, Sendable {
        var name: String
        var loaded = true
        var invalid: Set<String> = []
        var failed: Set<String> = []
        var previous: Int?
        var testDescription: String { name }
    }

    @Test(arguments: [
        Blocked(name: "failed load", loaded: false), Blocked(name: "invalid manifest", invalid: ["app"]),
        Blocked(name: "shrunk set", previous: 10), Blocked(name: "failed region", failed: [Fixture.east]),
    ])
    func nothingIsPrunedWhen(_ blocked: Blocked) {
        let plan = planned(
            image(), Fixture.actual(failed: blocked.failed, images: Self.history), loaded: blocked.loaded,
            invalid: blocked.invalid, configuration: PlannerConfiguration(previousImageCount: blocked.previous))
        #expect(deregistered(plan).isEmpty)
        if !blocked.loaded || blocked.previous != nil { #expect(plan.notices.count == 1) }
    }

    @Test func aDeletedManifestStopsManagement() {
        let plan = plan(
            desired: Fixture.desired([Fixture.image("other")]), actual: Fixture.actual(images: Self.history),
            now: Fixture.now)
        #expect(plan.actions.allSatisfy { $0.image == "other" })
    }

    @Test func aPendingBakeOrRolloutBlocksPrune() {
        let next = Fixture.image(version: "1.6.0", retention: Retention(keep: 1))
        let plan = planned(next, Fixture.actual(images: Self.history))
        #expect(deregistered(plan).isEmpty)
        #expect(plan.report("app")?.pruneBlockedBy == "the bake of 1.6.0 is not finished")
    }

    @Test func kilnsOldLaunchTemplateVersionsGoWithTheirAMIs() {
        let target = LaunchTemplateTarget(name: "web", region: Fixture.east)
        let image = Fixture.image(
            version: "1.5.0", rollout: RolloutTargets(launchTemplates: [target]),
            retention: Retention(keep: 3, pinned: [Fixture.version("1.0.0")]))
        let versions = [
            LaunchTemplateVersion(number: 1, imageId: "ami-foreign", description: "hand-made"),
            LaunchTemplateVersion(number: 2, imageId: "ami-101", description: "kiln:app/1.1.0"),
            LaunchTemplateVersion(number: 3, imageId: "ami-gone", description: "kiln:app/0.9.0"),
            LaunchTemplateVersion(number: 4, imageId: "ami-102", description: "someone else"),
            LaunchTemplateVersion(number: 5, imageId: "ami-105", description: "kiln:app/1.5.0"),
        ]
        let template = ObservedLaunchTemplate(
            id: "lt-web", name: "web", region: Fixture.east, defaultVersion: 5, latestVersion: 5, versions: versions)
        let plan = planned(image, Fixture.actual(images: Self.history, templates: [template]))
        #expect(deregistered(plan) == ["ami-101", "ami-102"])
        #expect(
            plan.actions("deleteLaunchTemplateVersions").map(\.kind) == [
                .deleteLaunchTemplateVersions(templateId: "lt-web", templateName: "web", versions: [2, 3])
            ])
    }
}
