import Foundation

@testable import Planner

// MARK: - References, orphans and builders scattered over the world

extension StateGenerator {
    mutating func addNoise(to world: inout ActualState) {
        let amis = world.images.map(\.id) + ["ami-foreign"]
        let states: [InstanceState] = [.pending, .running, .stopping, .stopped, .shuttingDown, .terminated]
        for index in 0..<rng.int(0...4) {
            world.instances.append(
                ObservedInstance(
                    id: "i-noise-\(index)", region: rng.pick(Self.regions) ?? "us-east-1",
                    state: rng.pick(states) ?? .running, imageId: rng.pick(amis) ?? "", launchTime: Fixture.now))
        }
        var templates: [ObservedLaunchTemplate] = []
        for index in 0..<rng.int(0...2) {
            let versions = (1...4).map { LaunchTemplateVersion(number: $0, imageId: rng.pick(amis)) }
            templates.append(
                ObservedLaunchTemplate(
                    id: "lt-noise-\(index)", name: "noise-\(index)", region: "us-east-1",
                    defaultVersion: rng.int(1...4), latestVersion: 4, versions: versions))
        }
        world.launchTemplates += templates
        for index in 0..<rng.int(0...2) {
            guard let template = rng.pick(templates) else { break }
            let reference = LaunchTemplateReference(
                id: rng.chance(0.5) ? template.id : nil, name: template.name,
                version: rng.pick([nil, "$Default", "$Latest", "1", "2", "3"]) ?? nil)
            var group = ObservedAutoScalingGroup(name: "asg-noise-\(index)", region: "us-east-1")
            if rng.chance(0.5) {
                group.launchTemplate = reference
            } else {
                let override = LaunchTemplateReference(name: template.name, version: String(rng.int(1...3)))
                group.mixedInstancesPolicy = MixedInstancesPolicyReference(
                    launchTemplate: reference, overrides: rng.chance(0.5) ? [override] : [])
            }
            world.autoScalingGroups.append(group)
        }
        for index in 0..<rng.int(0...2) {
            world.launchConfigurations.append(
                ObservedLaunchConfiguration(
                    name: "noise-lc-\(index)", region: "us-east-1", imageId: rng.pick(amis) ?? "",
                    createdAt: Fixture.now))
        }
        for index in 0..<rng.int(0...2) {
            world.parameters.append(
                ObservedParameter(
                    name: "/noise/\(index)", region: rng.pick(Self.regions) ?? "us-east-1", imageId: rng.pick(amis))
            )
        }
        addOrphans(to: &world)
    }

    private mutating func addOrphans(to world: inout ActualState) {
        for index in 0..<rng.int(0...4) {
            let name = rng.pick(Self.names) ?? "app"
            let owner = rng.chance(0.8) ? Fixture.owner : Self.other
            let tags = Fixture.kilnTags(name, "1.\(rng.int(0...6)).0", recipe: Self.recipe(name), owner: owner)
            world.snapshots.append(
                ObservedSnapshot(
                    id: "snap-orphan-\(index)", region: rng.pick(Self.regions) ?? "us-east-1",
                    state: rng.chance(0.9) ? .completed : .pending,
                    startTime: Fixture.now.addingTimeInterval(-Double(rng.int(0...240)) * 3600), tags: tags,
                    usedByImage: rng.chance(0.2),
                    description: rng.chance(0.8) ? "Created by CreateImage(i-gone) for ami-gone-\(index)" : nil))
        }
        let states: [InstanceState] = [.pending, .running, .stopped, .terminated]
        for index in 0..<rng.int(0...2) {
            let name = rng.pick(Self.names) ?? "app"
            let owner = rng.chance(0.8) ? Fixture.owner : Self.other
            var builder = Fixture.builder(
                "i-builder-\(index)", name, "1.\(rng.int(0...9)).0", recipe: Self.recipe(name),
                state: rng.pick(states) ?? .running, age: Double(rng.int(60...7200)), owner: owner)
            builder.region = "us-east-1"
            world.instances.append(builder)
        }
    }
}
