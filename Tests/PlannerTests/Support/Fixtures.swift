import Foundation

@testable import Planner

// MARK: - Fixed inputs

/// Values shared by the planner tests.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let owner = "kiln-test"
    /// The account Kiln runs in (and that owns its AMIs).
    static let account = "111122223333"
    static let commit = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
    static let east = "us-east-1"
    static let west = "eu-west-1"
    static let day: TimeInterval = 86_400

    static func recipe(_ seed: String) -> String {
        String((seed + String(repeating: "0", count: 64)).prefix(64))
    }

    static func version(_ text: String) -> SemanticVersion {
        guard let version = SemanticVersion(text) else { preconditionFailure("bad version \(text)") }
        return version
    }

    // MARK: - Desired

    static func image(
        _ name: String = "app", version: String = "1.0.0", recipe: String = Fixture.recipe("aaaa1111"),
        source: ImageSource = .filter(ImageFilter(name: "al2023-*", owners: ["amazon"])),
        regions: [String] = [], accounts: [String] = [], rollout: RolloutTargets = RolloutTargets(),
        retention: Retention = Retention(), retired: Bool = false, maxAttempts: Int = 3,
        keepOnFailure: Bool = false, cleanup: CleanupMode = .none,
        steps: [ScriptStep] = [ScriptStep(name: "install", run: "echo install")],
        tests: [ScriptStep] = []
    ) -> DesiredImage {
        DesiredImage(
            name: name, version: Fixture.version(version), recipe: recipe, retired: retired, source: source,
            build: BuildSpec(
                region: east, instanceType: "t3.small", instanceProfile: "kiln-builder",
                rootVolume: RootVolume(kmsKey: "alias/kiln"), timeout: .hours(1), maxAttempts: maxAttempts,
                keepOnFailure: keepOnFailure),
            steps: BakeSteps(provision: steps, test: tests, cleanupMode: cleanup),
            distribute: Distribution(regions: regions, accounts: accounts), tags: ["team": "test"],
            rollout: rollout, retention: retention, manifest: ManifestLocation(file: "manifests/\(name).yaml", line: 1))
    }

    static func desired(
        _ images: [DesiredImage], loaded: Bool = true, invalid: Set<String> = [], owner: String = Fixture.owner
    ) -> DesiredState {
        DesiredState(images: images, loadedCompletely: loaded, invalidImageNames: invalid, commit: commit, owner: owner)
    }

    // MARK: - Actual

    static func kilnTags(
        _ image: String, _ version: String, recipe: String, owner: String = Fixture.owner
    ) -> [String: String] {
        [
            KilnTag.owner: owner, KilnTag.image: image, KilnTag.version: version, KilnTag.recipe: recipe,
            KilnTag.commit: commit, KilnTag.sourceAMI: "ami-source",
        ]
    }

    static func ami(
        _ id: String, _ image: String = "app", _ version: String = "1.0.0", recipe: String = Fixture.recipe("aaaa1111"),
        region: String = Fixture.east, state: ImageState = .available, age: TimeInterval = 30 * Fixture.day,
        owner: String = Fixture.owner, snapshots: [String]? = nil, accounts: Set<String> = [],
        deprecation: Date? = nil, specTags: [String: String] = ["team": "test"]
    ) -> ObservedImage {
        ObservedImage(
            id: id, region: region,
            name: KilnNames.amiName(image: image, version: Fixture.version(version), recipe: recipe),
            state: state, creationDate: now.addingTimeInterval(-age),
            tags: kilnTags(image, version, recipe: recipe, owner: owner).merging(specTags) { kiln, _ in kiln }
                .merging(KilnRecord.tags(Set(specTags.keys), key: KilnTag.tagKeys)) { kiln, _ in kiln }
                .merging(accounts.isEmpty ? [:] : KilnRecord.tags(accounts, key: KilnTag.sharedWith)) { $1 },
            snapshotIds: snapshots ?? ["snap-\(id)"],
            deprecationTime: deprecation, launchPermissionAccounts: accounts, rootDeviceName: "/dev/xvda",
            ownerId: account)
    }

    /// The snapshots of AMIs, tagged like their AMI.
    static func snapshots(of amis: [ObservedImage]) -> [ObservedSnapshot] {
        amis.flatMap { ami in
            ami.snapshotIds.map {
                ObservedSnapshot(
                    id: $0, region: ami.region, startTime: ami.creationDate, tags: ami.tags, usedByImage: true,
                    description: "Created by CreateImage(i-builder) for \(ami.id) from vol-1")
            }
        }
    }

    static func builder(
        _ id: String, _ image: String = "app", _ version: String = "1.0.0", recipe: String = Fixture.recipe("aaaa1111"),
        attempt: Int = 1, state: InstanceState = .running, age: TimeInterval = 120, phase: String = "step",
        extra: [String: String] = [:], owner: String = Fixture.owner
    ) -> ObservedInstance {
        var tags = kilnTags(image, version, recipe: recipe, owner: owner)
        tags[KilnTag.role] = "builder"
        tags[KilnTag.attempt] = String(attempt)
        tags[KilnTag.phase] = phase
        tags.merge(extra) { _, new in new }
        let token = ClientToken.builder(
            owner: owner, image: image, versionText: version, recipe: recipe, attemptText: String(attempt))
        return ObservedInstance(
            id: id, region: east, state: state, imageId: "ami-source", tags: tags,
            launchTime: now.addingTimeInterval(-age), clientToken: token.value)
    }

    static func invocation(
        _ step: String, on instance: String, status: CommandStatus, age: TimeInterval = 60, exitCode: Int? = nil,
        output: String? = nil
    ) -> CommandInvocation {
        CommandInvocation(
            commandId: "cmd-\(instance)-\(step)", instanceId: instance, region: east,
            comment: KilnNames.stepComment(step), status: status, requestedAt: now.addingTimeInterval(-age),
            exitCode: exitCode, outputTail: output)
    }

    static let sourceAMI = ObservedImage(
        id: "ami-source", region: east, name: "al2023-ami-2023.6", state: .available,
        creationDate: now.addingTimeInterval(-90 * day), rootDeviceName: "/dev/xvda")

    static func sourceLookup(_ candidates: [ObservedImage] = [Fixture.sourceAMI], region: String = Fixture.east)
        -> SourceLookup
    {
        SourceLookup(
            region: region, query: .filter(ImageFilter(name: "al2023-*", owners: ["amazon"])), candidates: candidates)
    }

    static func actual(
        regions: Set<String> = [Fixture.east, Fixture.west], failed: Set<String> = [], images: [ObservedImage] = [],
        snapshots: [ObservedSnapshot]? = nil, instances: [ObservedInstance] = [],
        invocations: [CommandInvocation] = [], online: [String] = [], templates: [ObservedLaunchTemplate] = [],
        configurations: [ObservedLaunchConfiguration] = [], groups: [ObservedAutoScalingGroup] = [],
        parameters: [ObservedParameter] = [], lookups: [SourceLookup] = [Fixture.sourceLookup()],
        failures: [BakeFailureRecord] = []
    ) -> ActualState {
        ActualState(
            observedRegions: regions, failedRegions: failed, images: images,
            snapshots: snapshots ?? Fixture.snapshots(of: images), instances: instances,
            commandInvocations: invocations,
            managedInstances: online.map { ManagedInstance(instanceId: $0, region: east, pingStatus: "Online") },
            launchTemplates: templates, launchConfigurations: configurations, autoScalingGroups: groups,
            parameters: parameters, sourceLookups: lookups, bakeFailures: failures, accountId: account)
    }

    static func failure(
        _ image: String = "app", _ version: String = "1.0.0", recipe: String = Fixture.recipe("aaaa1111"),
        attempts: Int, ago: TimeInterval = 3600
    ) -> BakeFailureRecord {
        BakeFailureRecord(
            image: image, version: Fixture.version(version), recipe: recipe, attempts: attempts,
            lastError: "step install failed with exit code 1", lastStep: "install", lastExitCode: 1,
            lastFailureAt: now.addingTimeInterval(-ago))
    }
}

// MARK: - Reading plans

extension Plan {
    /// The actions of one kind, by case name (`"launchBuilder"`).
    func actions(_ name: String) -> [Action] { actions.filter { $0.kind.caseName == name } }

    /// The case names of the actions, in order.
    var kinds: [String] { actions.map(\.kind.caseName) }

    func report(_ name: String) -> ImageReport? { images.first { $0.name == name } }
}

extension ActionKind {
    var caseName: String { String(String(describing: self).prefix { $0 != "(" }) }

    /// The AMI a deregistration targets.
    var deregisteredImage: String? {
        if case .deregisterImage(let id, _) = self { return id }
        return nil
    }

    /// The AMI a DisableImage targets.
    var disabledImage: String? {
        if case .disableImage(let id) = self { return id }
        return nil
    }

    /// The snapshot a deletion targets.
    var deletedSnapshot: String? {
        switch self {
        case .deleteSnapshot(let id), .sweepSnapshot(let id): return id
        default: return nil
        }
    }
}

extension ImageReport {
    func has(_ type: ConditionType) -> Bool { conditions.contains { $0.type == type } }
    func message(_ type: ConditionType) -> String { conditions.first { $0.type == type }?.message ?? "" }
}
