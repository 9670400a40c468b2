import Foundation

// MARK: - Payloads

/// The full RunInstances request of a builder.
public struct LaunchBuilder: Sendable, Equatable, Codable {
    public var sourceImageId: String
    /// The source's root device name; nil: the executor reads it from the source image.
    public var rootDeviceName: String?
    public var instanceType: String
    public var subnetId: String?
    public var securityGroupIds: [String]
    public var instanceProfile: String
    /// Root EBS volume: size, type, encryption and key; deleted on termination.
    public var rootVolume: RootVolume
    /// Always true: `HttpTokens=required`.
    public var requireIMDSv2: Bool
    public var associatePublicIp: Bool
    /// Tags of the instance and its volumes.
    public var tags: [String: String]
    public var clientToken: ClientToken
    public var attempt: Int

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        sourceImageId: String, rootDeviceName: String? = nil, instanceType: String, subnetId: String? = nil,
        securityGroupIds: [String], instanceProfile: String, rootVolume: RootVolume, requireIMDSv2: Bool = true,
        associatePublicIp: Bool, tags: [String: String], clientToken: ClientToken, attempt: Int
    ) {
        self.sourceImageId = sourceImageId
        self.rootDeviceName = rootDeviceName
        self.instanceType = instanceType
        self.subnetId = subnetId
        self.securityGroupIds = securityGroupIds
        self.instanceProfile = instanceProfile
        self.rootVolume = rootVolume
        self.requireIMDSv2 = requireIMDSv2
        self.associatePublicIp = associatePublicIp
        self.tags = tags
        self.clientToken = clientToken
        self.attempt = attempt
    }
}

/// One step sent to a builder.
public struct SendStepCommand: Sendable, Equatable, Codable {
    public var instanceId: String
    public var step: String
    public var script: String
    /// SSM `executionTimeout`, seconds.
    public var timeout: TimeInterval
    /// The command's Comment: it names the step, so a lost tag never re-runs a step.
    public var comment: String
    public var builderTags: [String: String]

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        instanceId: String, step: String, script: String, timeout: TimeInterval, comment: String,
        builderTags: [String: String]
    ) {
        self.instanceId = instanceId
        self.step = step
        self.script = script
        self.timeout = timeout
        self.comment = comment
        self.builderTags = builderTags
    }
}

/// CreateImage from a stopped builder.
public struct CreateImage: Sendable, Equatable, Codable {
    public var instanceId: String
    public var name: String
    public var description: String
    public var imageTags: [String: String]
    public var snapshotTags: [String: String]
    public var builderTags: [String: String]

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        instanceId: String, name: String, description: String, imageTags: [String: String],
        snapshotTags: [String: String], builderTags: [String: String]
    ) {
        self.instanceId = instanceId
        self.name = name
        self.description = description
        self.imageTags = imageTags
        self.snapshotTags = snapshotTags
        self.builderTags = builderTags
    }
}

/// CopyImage into another region.
public struct CopyImage: Sendable, Equatable, Codable {
    public var sourceImageId: String
    public var sourceRegion: String
    public var name: String
    public var description: String
    /// Tags of the copy and its snapshots.
    public var tags: [String: String]
    public var encrypted: Bool
    /// The KMS key in the destination region; nil for the default EBS key.
    public var kmsKeyId: String?
    public var clientToken: ClientToken

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        sourceImageId: String, sourceRegion: String, name: String, description: String, tags: [String: String],
        encrypted: Bool, kmsKeyId: String? = nil, clientToken: ClientToken
    ) {
        self.sourceImageId = sourceImageId
        self.sourceRegion = sourceRegion
        self.name = name
        self.description = description
        self.tags = tags
        self.encrypted = encrypted
        self.kmsKeyId = kmsKeyId
        self.clientToken = clientToken
    }
}

/// A failed bake attempt.
public struct BakeFailure: Sendable, Equatable, Codable {
    public var image: String
    public var version: SemanticVersion
    public var recipe: String
    public var attempt: Int
    public var step: String?
    public var exitCode: Int?
    public var outputTail: String?
    public var error: String
    public var at: Date

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        image: String, version: SemanticVersion, recipe: String, attempt: Int, step: String? = nil,
        exitCode: Int? = nil, outputTail: String? = nil, error: String, at: Date
    ) {
        self.image = image
        self.version = version
        self.recipe = recipe
        self.attempt = attempt
        self.step = step
        self.exitCode = exitCode
        self.outputTail = outputTail
        self.error = error
        self.at = at
    }
}

/// A new launch template version.
public struct CreateLaunchTemplateVersion: Sendable, Equatable, Codable {
    public var templateId: String
    public var templateName: String
    public var sourceVersion: Int
    public var imageId: String
    /// `kiln:<image>/<version>`.
    public var description: String

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        templateId: String, templateName: String, sourceVersion: Int, imageId: String, description: String
    ) {
        self.templateId = templateId
        self.templateName = templateName
        self.sourceVersion = sourceVersion
        self.imageId = imageId
        self.description = description
    }
}

/// An instance refresh.
public struct StartInstanceRefresh: Sendable, Equatable, Codable {
    public var autoScalingGroup: String
    public var minHealthyPercentage: Int
    /// Seconds.
    public var instanceWarmup: TimeInterval?

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        autoScalingGroup: String, minHealthyPercentage: Int, instanceWarmup: TimeInterval? = nil
    ) {
        self.autoScalingGroup = autoScalingGroup
        self.minHealthyPercentage = minHealthyPercentage
        self.instanceWarmup = instanceWarmup
    }
}

/// A launch configuration replacement.
public struct ReplaceLaunchConfiguration: Sendable, Equatable, Codable {
    public var autoScalingGroup: String
    /// The group's configuration now: the one to copy.
    public var currentName: String
    public var newName: String
    public var imageId: String
    /// False when `newName` already exists with `imageId`: only point the group at it.
    public var createNew: Bool
    /// Delete `currentName` after the group moved, because no other group uses it.
    public var deleteCurrentWhenUnused: Bool

    /// Creates a value (the planner makes these; executors and their tests may too).
    public init(
        autoScalingGroup: String, currentName: String, newName: String, imageId: String, createNew: Bool,
        deleteCurrentWhenUnused: Bool
    ) {
        self.autoScalingGroup = autoScalingGroup
        self.currentName = currentName
        self.newName = newName
        self.imageId = imageId
        self.createNew = createNew
        self.deleteCurrentWhenUnused = deleteCurrentWhenUnused
    }
}
