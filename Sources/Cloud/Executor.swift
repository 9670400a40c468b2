import AWS
import Foundation
import Logging
import Planner

// MARK: - Executor

/// Carries out the planner's actions through AWS, one at a time, idempotently: an action that finds its
/// work already done succeeds (`alreadyDone`), so a retry or a restart never duplicates anything.
///
/// Destructive actions fail closed: the resource is re-read first, and unless it is this controller's by
/// evidence (`Ownership`: an AMI's tags, immutable name and account; a builder's client token; a snapshot's AMI;
/// a launch configuration's Kiln name) and, for an image, nothing uses it (instances, launch configurations,
/// launch-template default, latest and pinned versions, launch permissions Kiln did not grant), the action is
/// refused, never carried out on a doubt. A batch answer that lists failures is a failure.
public struct Executor: Sendable {
    /// How actions are carried out.
    public struct Configuration: Sendable {
        /// CreateImage tags the image's snapshots through its tag specifications (AWS does). Turn it off where
        /// CreateImage cannot tag snapshots (moto answers HTTP 500): the plan's `tagSnapshots` step tags them.
        public var tagSnapshotsOnCreateImage: Bool

        /// Creates a configuration (snapshots tagged by CreateImage).
        public init(tagSnapshotsOnCreateImage: Bool = true) {
            self.tagSnapshotsOnCreateImage = tagSnapshotsOnCreateImage
        }
    }

    let client: AWSClient
    /// This controller's `kiln:owner`.
    let owner: String
    let configuration: Configuration
    let logger: Logger
    /// The account Kiln runs in, asked of STS on first need.
    let callerAccount: CallerAccount

    /// - Parameters:
    ///   - client: the transport (credentials, endpoints, retries).
    ///   - owner: this controller's owner id (`DesiredState.owner`); only resources tagged with it are deleted.
    ///   - configuration: how some actions are carried out.
    ///   - logger: for what a step notices on the way (a failed tag); never a secret, a script or a parameter value.
    public init(
        client: AWSClient, owner: String, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kiln.cloud.executor")
    ) {
        self.callerAccount = CallerAccount()
        self.client = client
        self.owner = owner
        self.configuration = configuration
        self.logger = logger
    }

    func ec2(_ region: String) -> EC2 { EC2(client: client, region: region) }
    func autoScaling(_ region: String) -> AutoScaling { AutoScaling(client: client, region: region) }
    func ssm(_ region: String) -> SSM { SSM(client: client, region: region) }

    /// Carries out `action` in `action.region`.
    ///
    /// - Returns: what was done and the ids of what was created; `refused` when a destructive action could
    ///   not be verified safe. (The cycle logs each outcome once.)
    /// - Throws: `CloudError` when an AWS call fails after the client's retries (with its code and request id).
    public func execute(_ action: Action) async throws -> ActionOutcome {
        do {
            return ActionOutcome(action, try await perform(action))
        } catch {
            throw CloudError.wrap(error, operation: Self.operationName(action.kind), region: action.region)
        }
    }

    /// What one executor step did.
    typealias Effect = ActionOutcome.Effect

    private func perform(_ action: Action) async throws -> Effect {
        let region = action.region
        switch action.kind {
        case .launchBuilder(let launch): return try await launchBuilder(launch, region: region)
        case .sendStepCommand(let command): return try await sendStepCommand(command, region: region)
        case .stopBuilder(let id, let tags): return try await stopBuilder(id, tags: tags, region: region)
        case .createImage(let create): return try await createImage(create, region: region)
        case .tagSnapshots(let ids, let tags): return try await tagSnapshots(ids, tags: tags, region: region)
        case .tagImage(let id, let snapshots, let tags):
            return try await tagImage(id, snapshotIds: snapshots, tags: tags, region: region)
        case .copyImage(let copy): return try await copyImage(copy, region: region)
        case .shareImage(let id, let snapshots, let accounts):
            return try await shareImage(id, snapshotIds: snapshots, accounts: accounts, region: region)
        case .untagImage(let id, let snapshots, let keys):
            return try await untagImage(id, snapshotIds: snapshots, keys: keys, region: region)
        case .unshareImage(let id, let snapshots, let accounts):
            return try await unshareImage(id, snapshotIds: snapshots, accounts: accounts, region: region)
        case .terminateBuilder(let id, let tags):
            return try await terminateBuilder(id, tags: tags, region: region, sweep: false)
        case .keepFailedBuilder(let id, let tags): return try await keepFailedBuilder(id, tags: tags, region: region)
        case .recordBakeFailure: return .informational
        case .createLaunchTemplateVersion(let create):
            return try await createLaunchTemplateVersion(create, region: region)
        case .setDefaultLaunchTemplateVersion(let id, _, let version):
            return try await setDefaultVersion(templateId: id, version: version, region: region)
        case .startInstanceRefresh(let refresh): return try await startInstanceRefresh(refresh, region: region)
        case .replaceLaunchConfiguration(let replace):
            return try await replaceLaunchConfiguration(replace, region: region)
        case .deleteLaunchConfiguration(let name): return try await deleteLaunchConfiguration(name, region: region)
        case .putParameter(let name, let value): return try await putParameter(name, value: value, region: region)
        case .deprecateImage(let id, let at): return try await deprecateImage(id, at: at, region: region)
        case .disableImage(let id): return try await disableImage(id, region: region)
        case .enableImage(let id): return try await enableImage(id, region: region)
        case .setDeregistrationProtection(let id, let enabled):
            return try await setDeregistrationProtection(id, enabled: enabled, region: region)
        case .deregisterImage(let id, _): return try await deregisterImage(id, region: region)
        case .deleteSnapshot(let id), .sweepSnapshot(let id): return try await deleteSnapshot(id, region: region)
        case .deleteLaunchTemplateVersions(let id, _, let versions):
            return try await deleteLaunchTemplateVersions(templateId: id, versions: versions, region: region)
        case .sweepBuilder(let id): return try await terminateBuilder(id, tags: [:], region: region, sweep: true)
        case .reportDrift, .wait: return .informational
        }
    }

    // MARK: - Naming

    /// A short name of the action for errors: the kind and the resource it touches.
    static func operationName(_ kind: ActionKind) -> String {
        switch kind {
        case .launchBuilder(let launch): "launchBuilder from \(launch.sourceImageId)"
        case .sendStepCommand(let command): "sendStepCommand \(command.step) to \(command.instanceId)"
        case .stopBuilder(let id, _): "stopBuilder \(id)"
        case .createImage(let create): "createImage \(create.name)"
        case .tagSnapshots(let ids, _): "tagSnapshots \(ids.joined(separator: ","))"
        case .tagImage(let id, _, _): "tagImage \(id)"
        case .copyImage(let copy): "copyImage \(copy.sourceImageId) from \(copy.sourceRegion)"
        case .shareImage(let id, _, _): "shareImage \(id)"
        case .untagImage(let id, _, _): "untagImage \(id)"
        case .unshareImage(let id, _, _): "unshareImage \(id)"
        case .terminateBuilder(let id, _): "terminateBuilder \(id)"
        case .keepFailedBuilder(let id, _): "keepFailedBuilder \(id)"
        case .recordBakeFailure: "recordBakeFailure"
        case .createLaunchTemplateVersion(let create): "createLaunchTemplateVersion \(create.templateName)"
        case .setDefaultLaunchTemplateVersion(_, let name, let version):
            "setDefaultLaunchTemplateVersion \(name) \(version)"
        case .startInstanceRefresh(let refresh): "startInstanceRefresh \(refresh.autoScalingGroup)"
        case .replaceLaunchConfiguration(let replace): "replaceLaunchConfiguration \(replace.autoScalingGroup)"
        case .deleteLaunchConfiguration(let name): "deleteLaunchConfiguration \(name)"
        case .putParameter(let name, _): "putParameter \(name)"
        case .deprecateImage(let id, _): "deprecateImage \(id)"
        case .disableImage(let id): "disableImage \(id)"
        case .enableImage(let id): "enableImage \(id)"
        case .setDeregistrationProtection(let id, let enabled): "setDeregistrationProtection \(id) \(enabled)"
        case .deregisterImage(let id, _): "deregisterImage \(id)"
        case .deleteSnapshot(let id): "deleteSnapshot \(id)"
        case .sweepSnapshot(let id): "sweepSnapshot \(id)"
        case .deleteLaunchTemplateVersions(_, let name, _): "deleteLaunchTemplateVersions \(name)"
        case .sweepBuilder(let id): "sweepBuilder \(id)"
        case .reportDrift: "reportDrift"
        case .wait: "wait"
        }
    }
}
