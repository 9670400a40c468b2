import Foundation

// MARK: - Steps

/// `spec.provision`, `spec.test` and `spec.cleanup`.
public struct BakeSteps: Sendable, Equatable, Codable {
    public var provision: [ScriptStep]
    public var test: [ScriptStep]
    /// Extra cleanup steps; they run before the standard cleanup.
    public var cleanup: [ScriptStep]
    public var cleanupMode: CleanupMode

    /// Creates the steps of a bake.
    public init(
        provision: [ScriptStep], test: [ScriptStep] = [], cleanup: [ScriptStep] = [],
        cleanupMode: CleanupMode = .standard
    ) {
        self.provision = provision
        self.test = test
        self.cleanup = cleanup
        self.cleanupMode = cleanupMode
    }
}

/// One script run on the builder through SSM Run Command.
public struct ScriptStep: Sendable, Equatable, Codable {
    public var name: String
    /// A bash script.
    public var run: String
    /// Seconds (default 10 minutes).
    public var timeout: TimeInterval

    /// Creates a step.
    public init(name: String, run: String, timeout: TimeInterval = 600) {
        self.name = name
        self.run = run
        self.timeout = timeout
    }
}

/// `spec.cleanup` mode.
public enum CleanupMode: String, Sendable, Equatable, Codable {
    case standard
    case none
}

// MARK: - Distribution

/// `spec.distribute`.
public struct Distribution: Sendable, Equatable, Codable {
    /// Regions beyond the build region.
    public var regions: [String]
    /// Accounts given launch permission on the AMI and its snapshots.
    public var accounts: [String]

    /// Creates a distribution.
    public init(regions: [String] = [], accounts: [String] = []) {
        self.regions = regions
        self.accounts = accounts
    }
}

// MARK: - Rollout

/// `spec.rollout`.
public struct RolloutTargets: Sendable, Equatable, Codable {
    public var launchTemplates: [LaunchTemplateTarget]
    public var launchConfigurations: [LaunchConfigurationTarget]
    /// Published in the build region and every distribute region (each region's own AMI id).
    public var ssmParameter: String?

    /// Creates rollout targets.
    public init(
        launchTemplates: [LaunchTemplateTarget] = [], launchConfigurations: [LaunchConfigurationTarget] = [],
        ssmParameter: String? = nil
    ) {
        self.launchTemplates = launchTemplates
        self.launchConfigurations = launchConfigurations
        self.ssmParameter = ssmParameter
    }
}

/// `spec.rollout.launchTemplates[]`, with the region resolved.
public struct LaunchTemplateTarget: Sendable, Equatable, Codable {
    public var name: String
    public var region: String
    public var setDefault: Bool
    public var refresh: InstanceRefreshSettings?

    /// Creates a launch template target.
    public init(name: String, region: String, setDefault: Bool = true, refresh: InstanceRefreshSettings? = nil) {
        self.name = name
        self.region = region
        self.setDefault = setDefault
        self.refresh = refresh
    }
}

/// `spec.rollout.launchTemplates[].refresh`.
public struct InstanceRefreshSettings: Sendable, Equatable, Codable {
    public var autoScalingGroup: String
    public var minHealthyPercentage: Int
    /// Seconds.
    public var instanceWarmup: TimeInterval?

    /// Creates refresh settings.
    public init(autoScalingGroup: String, minHealthyPercentage: Int = 90, instanceWarmup: TimeInterval? = nil) {
        self.autoScalingGroup = autoScalingGroup
        self.minHealthyPercentage = minHealthyPercentage
        self.instanceWarmup = instanceWarmup
    }
}

/// `spec.rollout.launchConfigurations[]`, with the region resolved.
public struct LaunchConfigurationTarget: Sendable, Equatable, Codable {
    public var autoScalingGroup: String
    public var region: String

    /// Creates a launch configuration target.
    public init(autoScalingGroup: String, region: String) {
        self.autoScalingGroup = autoScalingGroup
        self.region = region
    }
}

// MARK: - Retention

/// `spec.retention`, with defaults filled in.
public struct Retention: Sendable, Equatable, Codable {
    /// The newest versions kept.
    public var keep: Int
    /// Seconds: never prune an AMI younger than this.
    public var minAge: TimeInterval
    /// Versions never pruned.
    public var pinned: [SemanticVersion]
    /// Seconds: mark AMIs deprecated this long after they stop being desired.
    public var deprecateAfter: TimeInterval?
    /// Seconds: staged retirement disables a version retention would prune this long after its deprecation time
    /// (or its creation) instead of deregistering it.
    public var disableAfter: TimeInterval?
    /// Seconds: staged retirement deregisters a disabled version this long after it was disabled.
    public var deleteAfter: TimeInterval?

    /// Creates a retention policy with the manifest defaults (keep 3, minAge 7 days).
    public init(
        keep: Int = 3, minAge: TimeInterval = 7 * 86_400, pinned: [SemanticVersion] = [],
        deprecateAfter: TimeInterval? = nil, disableAfter: TimeInterval? = nil, deleteAfter: TimeInterval? = nil
    ) {
        self.keep = keep
        self.minAge = minAge
        self.pinned = pinned
        self.deprecateAfter = deprecateAfter
        self.disableAfter = disableAfter
        self.deleteAfter = deleteAfter
    }

    /// Staged retirement is on: versions are disabled before they are deregistered.
    public var isStaged: Bool { disableAfter != nil || deleteAfter != nil }
}

// MARK: - Manifest location

/// The manifest file and line that declared an image.
public struct ManifestLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int

    /// Creates a location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}
