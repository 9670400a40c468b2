import Foundation

// MARK: - EC2 images, snapshots, instances

/// An AMI.
public struct ObservedImage: Sendable, Equatable, Codable {
    public var id: String
    public var region: String
    public var name: String
    public var state: ImageState
    public var creationDate: Date
    public var tags: [String: String]
    /// Snapshots of its block device mappings.
    public var snapshotIds: [String]
    public var deprecationTime: Date?
    /// Accounts with launch permission.
    public var launchPermissionAccounts: Set<String>
    /// The root device name (e.g. `/dev/xvda`), used to size the builder's root volume.
    public var rootDeviceName: String?
    /// The account that owns the AMI (`ImageOwnerId`): ownership needs it to be the account Kiln runs in.
    public var ownerId: String?
    /// EC2 deregistration protection is on (`DeregistrationProtection` starts with `enabled`).
    public var deregistrationProtection: Bool

    /// Creates an observed image.
    public init(
        id: String, region: String, name: String, state: ImageState, creationDate: Date,
        tags: [String: String] = [:], snapshotIds: [String] = [], deprecationTime: Date? = nil,
        launchPermissionAccounts: Set<String> = [], rootDeviceName: String? = nil, ownerId: String? = nil,
        deregistrationProtection: Bool = false
    ) {
        self.id = id
        self.region = region
        self.name = name
        self.state = state
        self.creationDate = creationDate
        self.tags = tags
        self.snapshotIds = snapshotIds
        self.deprecationTime = deprecationTime
        self.launchPermissionAccounts = launchPermissionAccounts
        self.rootDeviceName = rootDeviceName
        self.ownerId = ownerId
        self.deregistrationProtection = deregistrationProtection
    }
}

/// An EBS snapshot.
public struct ObservedSnapshot: Sendable, Equatable, Codable {
    public var id: String
    public var region: String
    public var state: SnapshotState
    public var startTime: Date
    public var tags: [String: String]
    /// Some image (of any owner) uses it, as far as the Cloud layer could tell.
    public var usedByImage: Bool
    /// Its description; CreateImage and CopyImage name the AMI (`… for ami-… …`).
    public var description: String?
    /// The size of its volume (GiB), for cost estimates; snapshots are billed incrementally, so an upper bound.
    public var volumeSizeGiB: Int?

    /// Creates an observed snapshot.
    public init(
        id: String, region: String, state: SnapshotState = .completed, startTime: Date,
        tags: [String: String] = [:], usedByImage: Bool = false, description: String? = nil, volumeSizeGiB: Int? = nil
    ) {
        self.description = description
        self.volumeSizeGiB = volumeSizeGiB
        self.id = id
        self.region = region
        self.state = state
        self.startTime = startTime
        self.tags = tags
        self.usedByImage = usedByImage
    }
}

/// An EC2 instance (any instance, not only builders).
public struct ObservedInstance: Sendable, Equatable, Codable {
    public var id: String
    public var region: String
    public var state: InstanceState
    public var imageId: String
    public var tags: [String: String]
    public var launchTime: Date
    /// The client token it was launched with: a builder is Kiln's only with Kiln's token.
    public var clientToken: String?

    /// Creates an observed instance.
    public init(
        id: String, region: String, state: InstanceState, imageId: String, tags: [String: String] = [:],
        launchTime: Date, clientToken: String? = nil
    ) {
        self.clientToken = clientToken
        self.id = id
        self.region = region
        self.state = state
        self.imageId = imageId
        self.tags = tags
        self.launchTime = launchTime
    }
}

// MARK: - SSM

/// One SSM command invocation on one builder.
public struct CommandInvocation: Sendable, Equatable, Codable {
    public var commandId: String
    public var instanceId: String
    public var region: String
    /// The command's comment; Kiln sets it to name the step (see `SendStepCommand.comment`).
    public var comment: String?
    public var status: CommandStatus
    public var requestedAt: Date
    public var exitCode: Int?
    /// The last part of the step's output (stdout and stderr).
    public var outputTail: String?

    /// Creates an invocation.
    public init(
        commandId: String, instanceId: String, region: String, comment: String? = nil, status: CommandStatus,
        requestedAt: Date, exitCode: Int? = nil, outputTail: String? = nil
    ) {
        self.commandId = commandId
        self.instanceId = instanceId
        self.region = region
        self.comment = comment
        self.status = status
        self.requestedAt = requestedAt
        self.exitCode = exitCode
        self.outputTail = outputTail
    }
}

/// The SSM agent status of an instance (`DescribeInstanceInformation` `PingStatus`).
public struct ManagedInstance: Sendable, Equatable, Codable {
    public var instanceId: String
    public var region: String
    /// `Online`, `ConnectionLost` or `Inactive`.
    public var pingStatus: String

    /// Creates a managed-instance status.
    public init(instanceId: String, region: String, pingStatus: String) {
        self.instanceId = instanceId
        self.region = region
        self.pingStatus = pingStatus
    }

    /// The agent is reachable.
    public var isOnline: Bool { pingStatus == "Online" }
}
