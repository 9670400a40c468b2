import Foundation

@testable import Planner

// MARK: - The scenarios

extension GoldenScenario {
    static let all: [GoldenScenario] = [
        firstCycle, bakeInProgress, stepFailed, rollout, prune, drift, guarded, converged, accountCopy,
    ]

    static func desired(_ images: [DesiredImage], loaded: Bool = true, invalid: Set<String> = []) -> DesiredState {
        Fixture.desired(images, loaded: loaded, invalid: invalid)
    }

    /// The app at 1.4.1 everywhere, with the base baked.
    static func settled(_ version: String = "1.4.1", extra: [ObservedImage] = []) -> ActualState {
        let amis = Examples.appAMIs(version, age: 20 * Fixture.day)
        let east = amis[0].id
        let west = amis[1].id
        // Settled: Kiln has already given the pinned version deregistration protection.
        let pinned = Examples.appAMIs("1.3.0", age: 45 * Fixture.day).map { ami in
            var ami = ami
            ami.deregistrationProtection = true
            return ami
        }
        return Fixture.actual(
            images: Examples.baseAMIs() + pinned + amis + extra, instances: Examples.members(east),
            templates: Examples.templates(east, west), configurations: [Examples.configuration(east)],
            groups: Examples.groups, parameters: Examples.parameters(east, west), lookups: Examples.lookups)
    }

    static let firstCycle = GoldenScenario(
        name: "first-cycle", desired: desired([Examples.app(), Examples.base]),
        actual: Fixture.actual(lookups: Examples.lookups))

    static var inProgress: ActualState {
        var actual = settled()
        let builder = Fixture.builder(
            "i-0builder", "attendance-api", "1.4.2", recipe: Examples.appRecipe, age: 600,
            extra: [KilnTag.sourceAMI: "ami-base-us"])
        let abandoned = Fixture.builder(
            "i-0abandoned", "attendance-api", "1.4.0", recipe: Examples.appRecipe, age: 9000)
        actual.instances += [builder, abandoned]
        actual.managedInstances = [
            ManagedInstance(instanceId: "i-0builder", region: Fixture.east, pingStatus: "Online")
        ]
        actual.commandInvocations = [Fixture.invocation("packages", on: "i-0builder", status: .success, age: 400)]
        actual.snapshots.append(
            ObservedSnapshot(
                id: "snap-0leftover", region: Fixture.east, startTime: Fixture.now.addingTimeInterval(-86_400),
                tags: Fixture.kilnTags("attendance-api", "1.4.2", recipe: Examples.appRecipe),
                description: "Created by CreateImage(i-0builder) for ami-0failed"))
        return actual
    }

    static let bakeInProgress: GoldenScenario = {
        var actual = inProgress
        actual.commandInvocations.append(Fixture.invocation("install", on: "i-0builder", status: .inProgress, age: 120))
        return GoldenScenario(
            name: "bake-in-progress", desired: desired([Examples.app(), Examples.base]), actual: actual)
    }()

    static let stepFailed: GoldenScenario = {
        var actual = inProgress
        actual.commandInvocations.append(
            Fixture.invocation(
                "install", on: "i-0builder", status: .failed, age: 120, exitCode: 1,
                output: "Installing dependencies from lock file\nerror: poetry install failed"))
        return GoldenScenario(name: "step-failed", desired: desired([Examples.app(), Examples.base]), actual: actual)
    }()

    static let rollout = GoldenScenario(
        name: "rollout", desired: desired([Examples.app(), Examples.base]),
        actual: settled(extra: Examples.appAMIs("1.4.2", age: 3600)), markdown: true)

    static let prune: GoldenScenario = {
        let history = [
            ("1.1.0", 90.0, -5.0), ("1.2.0", 60, -1), ("1.3.0", 45, nil), ("1.4.0", 30, 10), ("1.4.1", 20, nil),
        ].flatMap { version, age, deprecated -> [ObservedImage] in
            Examples.appAMIs(version, age: age * Fixture.day).map { ami in
                var ami = ami
                ami.deprecationTime = deprecated.map { Fixture.now.addingTimeInterval($0 * Fixture.day) }
                return ami
            }
        }
        var actual = settled("1.4.2")
        actual.images = Examples.baseAMIs() + Examples.appAMIs("1.4.2", age: 10 * Fixture.day) + history
        actual.snapshots = Fixture.snapshots(of: actual.images).map { snapshot in
            var snapshot = snapshot
            snapshot.volumeSizeGiB = 16
            return snapshot
        }
        actual.snapshots.append(
            ObservedSnapshot(
                id: "snap-0pruned", region: Fixture.west, startTime: Fixture.now.addingTimeInterval(-120 * Fixture.day),
                tags: Fixture.kilnTags("attendance-api", "1.0.0", recipe: Examples.appRecipe),
                description: "Created by CreateImage(i-0old) for ami-0app100", volumeSizeGiB: 8))
        actual.launchTemplates[0].versions.insert(
            LaunchTemplateVersion(number: 5, imageId: "ami-app-1.1.0-us", description: "kiln:attendance-api/1.1.0"),
            at: 0)
        return GoldenScenario(
            name: "prune", desired: desired([Examples.app(), Examples.base]), actual: actual, markdown: true)
    }()

    static let drift = GoldenScenario(
        name: "drift", desired: desired([Examples.app("1.4.1", recipe: Fixture.recipe("0d1ff000")), Examples.base]),
        actual: settled())

    static let guarded: GoldenScenario = {
        var actual = settled(extra: Examples.appAMIs("1.0.0", age: 200 * Fixture.day))
        actual.failedRegions = [Fixture.west]
        return GoldenScenario(
            name: "guarded",
            desired: desired([Examples.app("1.4.1"), Examples.base], loaded: false, invalid: ["billing-api"]),
            actual: actual, configuration: PlannerConfiguration(previousImageCount: 3))
    }()

    static let converged = GoldenScenario(
        name: "converged", desired: desired([Examples.app("1.4.1"), Examples.base]), actual: settled())
}
