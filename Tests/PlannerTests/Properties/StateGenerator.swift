import Foundation

@testable import Planner

// MARK: - Random worlds for property tests

/// One generated input of `plan`.
struct GeneratedWorld: Sendable {
    var desired: DesiredState
    var actual: ActualState
    var configuration: PlannerConfiguration
}

/// Generates desired and actual states biased towards worlds where pruning happens.
struct StateGenerator {
    static let regions = ["us-east-1", "eu-west-1", "ap-south-1"]
    static let other = "kiln-other"
    static let names = ["base", "app", "web", "api", "gone"]
    static let seeds = ["base": "ba5e", "app": "a990", "web": "3eb0", "api": "a910", "gone": "90e0"]

    /// The main recipe of an image (hex, so Kiln's launch-configuration names parse).
    static func recipe(_ name: String, drifted: Bool = false) -> String {
        Fixture.recipe((drifted ? "bbbb" : "aaaa") + (seeds[name] ?? "0000"))
    }

    var rng: SeededRandom
    private var counter = 0
    private var images: [ObservedImage] = []
    private var snapshots: [ObservedSnapshot] = []

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    private mutating func id(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(String(counter, radix: 16))"
    }

    mutating func generate() -> GeneratedWorld {
        images = []
        snapshots = []
        var desired: [DesiredImage] = []
        var world = ActualState(observedRegions: Set(Self.regions), accountId: Fixture.account)
        var wanted = rng.subset(Array(Self.names.dropLast()), 0.75)
        if wanted.isEmpty { wanted = ["app"] }
        for name in Self.names {
            let distribute = rng.subset(Array(Self.regions.dropFirst()), 0.4)
            let versions = generateAMIs(name, regions: [Self.regions[0]] + distribute)
            guard wanted.contains(name) else { continue }
            let image = manifest(name, versions: versions, distribute: distribute)
            desired.append(image)
            addRollout(of: image, to: &world)
        }
        world.images = images
        world.snapshots = snapshots
        addNoise(to: &world)
        world.sourceLookups = [Fixture.sourceLookup()]
        if rng.chance(0.15) {
            let region = rng.pick(Self.regions) ?? Self.regions[0]
            if rng.chance(0.5) { world.failedRegions = [region] } else { world.observedRegions.remove(region) }
        }
        var state = DesiredState(images: desired, commit: Fixture.commit, owner: Fixture.owner)
        state.loadedCompletely = rng.chance(0.9)
        if rng.chance(0.1), let invalid = rng.pick(desired.map(\.name)) {
            state.invalidImageNames = [invalid]
            if rng.chance(0.5) { state.images.removeAll { $0.name == invalid } }
        }
        var configuration = PlannerConfiguration()
        if rng.chance(0.8) {
            let count = Set(desired.map(\.name)).count
            configuration.previousImageCount = rng.chance(0.1) ? count * 3 + 1 : max(count + rng.int(-1...1), 0)
        }
        return GeneratedWorld(desired: state, actual: world, configuration: configuration)
    }

    // MARK: - AMIs of one image

    /// AMIs of versions 1.0.0 … 1.n.0; returns the versions.
    private mutating func generateAMIs(_ name: String, regions: [String]) -> [String] {
        let count = rng.int(1...6)
        let versions = (0..<count).map { "1.\($0).0" } + (rng.chance(0.1) ? ["2.0.0-rc.1"] : [])
        for (index, version) in versions.enumerated() {
            let newest = index == versions.count - 1
            let recipe = Self.recipe(name, drifted: rng.chance(0.1))
            var where_ = newest ? regions : rng.subset(regions, 0.7)
            if where_.isEmpty { where_ = [regions[0]] }
            for region in where_ {
                let age = newest ? Double(rng.int(1...20)) : Double(rng.int(3...90))
                let owner = rng.chance(0.9) ? Fixture.owner : Self.other
                let state: ImageState = rng.chance(0.9) ? .available : (rng.pick([.pending, .failed]) ?? .failed)
                var snapshotIds = [id("snap")]
                if rng.chance(0.05), let shared = snapshots.last?.id { snapshotIds.append(shared) }
                let deprecation: Date? =
                    rng.chance(0.3) ? Fixture.now.addingTimeInterval(Double(rng.int(-20...20)) * Fixture.day) : nil
                let ami = Fixture.ami(
                    id("ami"), name, version, recipe: recipe, region: region, state: state, age: age * Fixture.day,
                    owner: owner, snapshots: snapshotIds, deprecation: deprecation)
                images.append(ami)
                for snapshot in snapshotIds where !snapshots.contains(where: { $0.id == snapshot }) {
                    snapshots.append(
                        ObservedSnapshot(
                            id: snapshot, region: region, startTime: ami.creationDate, tags: ami.tags,
                            usedByImage: true, description: "Created by CreateImage(i-b) for \(ami.id) from vol-1"))
                }
            }
        }
        return versions
    }

    private mutating func manifest(_ name: String, versions: [String], distribute: [String]) -> DesiredImage {
        let roll = rng.int(0...99)
        let version =
            roll < 70 ? versions.last ?? "1.0.0" : roll < 85 ? (rng.pick(versions) ?? "1.0.0") : "9.0.0"
        let pinned = rng.subset(versions, 0.15).compactMap(SemanticVersion.init)
        let retention = Retention(
            keep: rng.int(1...4), minAge: .days(rng.int(0...15)), pinned: pinned,
            deprecateAfter: rng.chance(0.3) ? .days(3) : nil)
        var rollout = RolloutTargets()
        if rng.chance(0.5) { rollout.launchTemplates = [LaunchTemplateTarget(name: "lt-\(name)", region: "us-east-1")] }
        if rng.chance(0.3) {
            rollout.launchConfigurations = [
                LaunchConfigurationTarget(autoScalingGroup: "lc-\(name)", region: "us-east-1")
            ]
        }
        if rng.chance(0.4) { rollout.ssmParameter = "/kiln/\(name)/ami" }
        return Fixture.image(
            name, version: version, recipe: Self.recipe(name), regions: distribute, rollout: rollout,
            retention: retention, retired: rng.chance(0.1))
    }

    // MARK: - Rollout targets, mostly converged

    private mutating func addRollout(of image: DesiredImage, to world: inout ActualState) {
        let east = "us-east-1"
        let current = images.first {
            $0.region == east && $0.tags[KilnTag.image] == image.name && $0.tags.kilnVersion == image.version
                && $0.tags.isOwned(by: Fixture.owner) && $0.state == .available
        }
        func target(_ region: String) -> String? {
            if rng.chance(0.8), let current, region == east { return current.id }
            return rng.pick(images.map(\.id))
        }
        for template in image.rollout.launchTemplates {
            let old = rng.subset(images.filter { $0.tags[KilnTag.image] == image.name }, 0.3)
            var versions = old.enumerated().map {
                LaunchTemplateVersion(
                    number: $0.offset + 1, imageId: $0.element.id, description: "kiln:\(image.name)/x")
            }
            versions.append(LaunchTemplateVersion(number: versions.count + 1, imageId: target(east)))
            world.launchTemplates.append(
                ObservedLaunchTemplate(
                    id: id("lt"), name: template.name, region: east, defaultVersion: versions.count,
                    latestVersion: versions.count, versions: versions))
        }
        for target_ in image.rollout.launchConfigurations {
            let name = KilnNames.launchConfigurationName(
                group: target_.autoScalingGroup, image: image.name, version: image.version, recipe: image.recipe)
            world.launchConfigurations.append(
                ObservedLaunchConfiguration(
                    name: name, region: east, imageId: target(east) ?? "", createdAt: Fixture.now))
            world.autoScalingGroups.append(
                ObservedAutoScalingGroup(name: target_.autoScalingGroup, region: east, launchConfigurationName: name))
        }
        if let parameter = image.rollout.ssmParameter {
            for region in image.regions {
                let value =
                    images.first {
                        $0.region == region && $0.tags[KilnTag.image] == image.name
                            && $0.tags.kilnVersion == image.version && $0.state == .available
                    }?.id
                if let value = rng.chance(0.85) ? value : rng.pick(images.map(\.id)) {
                    world.parameters.append(ObservedParameter(name: parameter, region: region, imageId: value))
                }
            }
        }
    }
}
