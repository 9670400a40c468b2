import Foundation

// MARK: - Action

/// One thing the executor must do, with the reason it is needed and what it concerns.
public struct Action: Sendable, Equatable, Codable {
    /// What to do.
    public var kind: ActionKind
    /// Why, for people: the status report and the pull-request comment show it.
    public var reason: String
    /// The image it concerns (nil for a sweep of an untagged resource).
    public var image: String?
    /// The version it concerns, when there is one.
    public var version: SemanticVersion?
    /// The region the call is made in.
    public var region: String

    /// Creates an action.
    public init(
        _ kind: ActionKind, reason: String, image: String?, version: SemanticVersion?, region: String
    ) {
        self.kind = kind
        self.reason = reason
        self.image = image
        self.version = version
        self.region = region
    }
}

// MARK: - Kinds

/// The actions of a plan. The executor carries them out in plan order, in `Action.region`.
///
/// Informational kinds (`reportDrift`, `wait`) need no AWS call.
public enum ActionKind: Sendable, Equatable, Codable {
    // MARK: Bake
    /// RunInstances with this spec (ClientToken makes a retry return the same instance).
    case launchBuilder(launch: LaunchBuilder)
    /// SendCommand `AWS-RunShellScript` with the script, then tag the builder with `builderTags`
    /// and `kiln:command=<command id>`.
    case sendStepCommand(command: SendStepCommand)
    /// Tag the builder with `builderTags`, then StopInstances.
    case stopBuilder(instanceId: String, builderTags: [String: String])
    /// CreateImage (no reboot), tagging the image and its snapshots, then tag the builder.
    case createImage(create: CreateImage)
    /// CreateTags on the snapshots.
    case tagSnapshots(snapshotIds: [String], tags: [String: String])
    /// CreateTags on an AMI and its snapshots: `spec.tags` added or changed since they were made.
    case tagImage(imageId: String, snapshotIds: [String], tags: [String: String])
    /// DeleteTags of `keys` on an AMI and its snapshots: keys Kiln applied from `spec.tags` that left it
    /// (recorded in `kiln:tag-keys`).
    case untagImage(imageId: String, snapshotIds: [String], keys: [String])
    /// CopyImage from the source region into `Action.region`.
    case copyImage(copy: CopyImage)
    /// Record the accounts in the image's `kiln:shared-with`, then add launch permission for them on the image
    /// and createVolumePermission on its snapshots.
    case shareImage(imageId: String, snapshotIds: [String], accounts: [String])
    /// Remove launch permission (and the snapshots' createVolumePermission) of accounts Kiln granted that left
    /// `distribute.accounts`, then drop them from `kiln:shared-with`.
    case unshareImage(imageId: String, snapshotIds: [String], accounts: [String])
    /// Tag the builder with `tags` (may be empty), then TerminateInstances.
    case terminateBuilder(instanceId: String, tags: [String: String])
    /// Tag the builder with `tags` (`kiln:phase=failed-kept`), then StopInstances; never terminate.
    case keepFailedBuilder(instanceId: String, tags: [String: String])
    /// Record the failed attempt in the status (the controller's job; no AWS call).
    case recordBakeFailure(failure: BakeFailure)

    // MARK: Rollout
    /// CreateLaunchTemplateVersion from `sourceVersion` with only ImageId changed.
    case createLaunchTemplateVersion(create: CreateLaunchTemplateVersion)
    /// ModifyLaunchTemplate DefaultVersion.
    case setDefaultLaunchTemplateVersion(templateId: String, templateName: String, version: Int)
    /// StartInstanceRefresh on the group.
    case startInstanceRefresh(refresh: StartInstanceRefresh)
    /// Copy the group's launch configuration with a new ImageId under a new name and point the group at it.
    case replaceLaunchConfiguration(replace: ReplaceLaunchConfiguration)
    /// DeleteLaunchConfiguration (no group uses it).
    case deleteLaunchConfiguration(name: String)
    /// PutParameter (String, data type `aws:ec2:image`, overwrite).
    case putParameter(name: String, value: String)

    // MARK: Prune
    /// EnableImageDeprecation at `at`; nil means DisableImageDeprecation.
    case deprecateImage(imageId: String, at: Date?)
    /// Staged retirement: DisableImage (not launchable, restorable), then tag `kiln:disabled-at` with the time.
    case disableImage(imageId: String)
    /// EnableImage of a disabled AMI, then remove its `kiln:disabled-at` tag.
    case enableImage(imageId: String)
    /// Enable (pinned versions) or disable (unpinned) EC2 deregistration protection.
    case setDeregistrationProtection(imageId: String, enabled: Bool)
    /// DeregisterImage (its snapshots are deleted on a later cycle, once observed unused).
    case deregisterImage(imageId: String, snapshotIds: [String])
    /// DeleteSnapshot of a pruned AMI's snapshot.
    case deleteSnapshot(snapshotId: String)
    /// DeleteLaunchTemplateVersions (Kiln-created versions nothing uses).
    case deleteLaunchTemplateVersions(templateId: String, templateName: String, versions: [Int])

    // MARK: Sweep
    /// TerminateInstances on a builder no live bake owns.
    case sweepBuilder(instanceId: String)
    /// DeleteSnapshot on a Kiln snapshot no image uses.
    case sweepSnapshot(snapshotId: String)

    // MARK: Information
    /// An AMI exists for this version with another recipe: it stays; nothing is rebaked.
    case reportDrift(imageId: String, existingRecipe: String, desiredRecipe: String)
    /// Nothing to do until something changes; re-checked next cycle.
    case wait(for: String, until: Date?)
}
