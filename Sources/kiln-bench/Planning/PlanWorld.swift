import Controller
import Foundation
import Manifest
import Planner

/// A desired state of generated manifests and an actual state in which every image has `versions` versions in
/// each of its regions, with snapshots, launch templates, groups, launch configurations, instances and
/// parameters pointing at them: the input of a large plan.
struct PlanWorld: Sendable {
    let desired: DesiredState
    let actual: ActualState
    let now: Date

    static let owner = "kiln-bench"
    /// The account the AMIs belong to: without it (and the AMIs' owner id) none is Kiln's by evidence, so the
    /// planner would prune nothing.
    static let account = "123456789012"

    static func make(images count: Int, versions: Int, corpus: ManifestCorpus) throws -> PlanWorld {
        let files = corpus.files(count: count).map { ManifestFile(path: $0.key, text: $0.value) }
        let set = ManifestLoader.load(files: files)
        guard set.isComplete else { throw BenchError("generated manifests do not validate") }
        let desired = DesiredState(manifestSet: set, commit: String(repeating: "c", count: 40), owner: owner)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var builder = Builder(now: now, versions: versions)
        for image in DependencyOrdered(desired.images).images { builder.add(image) }
        return PlanWorld(desired: desired, actual: builder.actual, now: now)
    }

    /// Every image with `keep` raised to keep them all: nothing to prune, a steady plan.
    func keepingEverything() -> PlanWorld {
        var desired = desired
        for index in desired.images.indices { desired.images[index].retention.keep = 100 }
        return PlanWorld(desired: desired, actual: actual, now: now)
    }

    /// Bases before the images layered on them (the generated bases are `base-…`, the others `svc-…`).
    private struct DependencyOrdered {
        let images: [DesiredImage]

        init(_ images: [DesiredImage]) {
            self.images = images.sorted {
                ($0.name.hasPrefix("base") ? 0 : 1, $0.name) < ($1.name.hasPrefix("base") ? 0 : 1, $1.name)
            }
        }
    }

    // MARK: - Building the actual state

    private struct Builder {
        let now: Date
        let versions: Int
        var actual = ActualState(observedRegions: ["us-east-1", "eu-west-1"], accountId: PlanWorld.account)
        /// The current AMI of each image, per region.
        var current: [String: [String: String]] = [:]
        var counter = 0

        init(now: Date, versions: Int) {
            self.now = now
            self.versions = versions
        }

        mutating func nextID(_ prefix: String) -> String {
            counter += 1
            return prefix + String(format: "%017x", counter)
        }

        mutating func add(_ image: DesiredImage) {
            let day: TimeInterval = 86_400
            let sourceAMI: String
            switch image.source {
            case .image(let base): sourceAMI = current[base]?[image.build.region] ?? "ami-missing"
            case .ami(let ids): sourceAMI = ids[image.build.region] ?? "ami-missing"
            case .filter(let filter):
                let candidate = ObservedImage(
                    id: "ami-amazon\(counter)", region: image.build.region, name: "al2023-ami-2023.6-x86_64",
                    state: .available, creationDate: now.addingTimeInterval(-40 * day), rootDeviceName: "/dev/xvda")
                actual.sourceLookups.append(
                    SourceLookup(region: image.build.region, query: .filter(filter), candidates: [candidate]))
                sourceAMI = candidate.id
            }
            for region in image.regions {
                var amis: [String] = []
                for age in (0..<versions).reversed() {
                    let isCurrent = age == 0
                    let version = isCurrent ? image.version : SemanticVersion("0.\(versions - age).0") ?? image.version
                    let recipe = isCurrent ? image.recipe : String(repeating: "\(age % 10)", count: 64)
                    let id = nextID("ami-")
                    let snapshot = nextID("snap-")
                    let tags = [
                        KilnTag.owner: PlanWorld.owner, KilnTag.image: image.name, KilnTag.version: "\(version)",
                        KilnTag.recipe: recipe, KilnTag.commit: String(repeating: "c", count: 40),
                        KilnTag.sourceAMI: sourceAMI,
                    ]
                    let created = now.addingTimeInterval(-Double(age * 30 + 20) * day)
                    actual.images.append(
                        ObservedImage(
                            id: id, region: region, name: "kiln/\(image.name)/\(version)/\(recipe.prefix(8))",
                            state: .available, creationDate: created, tags: tags, snapshotIds: [snapshot],
                            launchPermissionAccounts: Set(image.distribute.accounts), rootDeviceName: "/dev/xvda",
                            ownerId: PlanWorld.account))
                    actual.snapshots.append(
                        ObservedSnapshot(
                            id: snapshot, region: region, startTime: created, tags: tags, usedByImage: true))
                    amis.append(id)
                }
                current[image.name, default: [:]][region] = amis.last
                addRollout(image, region: region, amis: amis)
            }
        }

        /// Launch templates (three versions, the default on the current AMI), their groups, a launch
        /// configuration, instances on the current and the oldest AMI, and the parameter.
        mutating func addRollout(_ image: DesiredImage, region: String, amis: [String]) {
            guard let currentAMI = amis.last, let oldest = amis.first else { return }
            for target in image.rollout.launchTemplates where target.region == region {
                let versions = [oldest, amis[max(0, amis.count - 2)], currentAMI].enumerated().map {
                    LaunchTemplateVersion(number: $0.offset + 1, imageId: $0.element)
                }
                actual.launchTemplates.append(
                    ObservedLaunchTemplate(
                        id: nextID("lt-"), name: target.name, region: region, defaultVersion: 3, latestVersion: 3,
                        versions: versions))
                if let refresh = target.refresh {
                    actual.autoScalingGroups.append(
                        ObservedAutoScalingGroup(
                            name: refresh.autoScalingGroup, region: region,
                            launchTemplate: LaunchTemplateReference(name: target.name, version: "$Default")))
                }
            }
            for target in image.rollout.launchConfigurations where target.region == region {
                let name = "\(target.autoScalingGroup)-\(currentAMI)"
                actual.launchConfigurations.append(
                    ObservedLaunchConfiguration(name: name, region: region, imageId: currentAMI, createdAt: now))
                actual.autoScalingGroups.append(
                    ObservedAutoScalingGroup(
                        name: target.autoScalingGroup, region: region, launchConfigurationName: name))
            }
            if region == image.build.region {
                for (index, ami) in [currentAMI, currentAMI, oldest].enumerated() {
                    actual.instances.append(
                        ObservedInstance(
                            id: nextID("i-"), region: region, state: index == 2 ? .stopped : .running, imageId: ami,
                            launchTime: now.addingTimeInterval(-3_600)))
                }
                if let parameter = image.rollout.ssmParameter {
                    actual.parameters.append(ObservedParameter(name: parameter, region: region, imageId: currentAMI))
                }
            }
        }
    }
}
