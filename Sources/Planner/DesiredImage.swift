import Foundation

// MARK: - Desired image

/// One valid image manifest, projected to what the planner needs (1:1 with `kiln/v1` `Image`).
///
/// The spec's model values (version, source, distribution, rollout targets, retention) are the decoded ones,
/// defaults filled in and target regions resolved; build and step timeouts are seconds; the recipe hash is
/// computed.
public struct DesiredImage: Sendable, Equatable, Codable {
    /// `metadata.name`.
    public var name: String
    /// `spec.version`.
    public var version: SemanticVersion
    /// The full recipe hash (`kiln:recipe`): SHA-256 hex of the normalised recipe.
    public var recipe: String
    /// `spec.retired`: stop baking and rolling out; prune everything not in use.
    public var retired: Bool
    /// `spec.source`.
    public var source: ImageSource
    /// `spec.build`.
    public var build: BuildSettings
    /// `spec.provision`, `spec.test` and `spec.cleanup`.
    public var steps: BakeSteps
    /// `spec.distribute`.
    public var distribute: Distribution
    /// `spec.tags` (user tags; never `kiln:` or `aws:` keys).
    public var tags: [String: String]
    /// `spec.rollout`.
    public var rollout: RolloutTargets
    /// `spec.retention`.
    public var retention: Retention
    /// Where the manifest lives, for reports.
    public var manifest: ManifestLocation
    /// `spec.autoUpdate.source`: which version bump a newer source proposes (the daemon's update branches).
    public var autoUpdate: SourceUpdatePolicy

    /// Creates a desired image; optional parts default to an empty manifest section.
    public init(
        name: String, version: SemanticVersion, recipe: String, retired: Bool = false,
        source: ImageSource, build: BuildSettings, steps: BakeSteps,
        distribute: Distribution = Distribution(), tags: [String: String] = [:],
        rollout: RolloutTargets = RolloutTargets(), retention: Retention = Retention(),
        manifest: ManifestLocation, autoUpdate: SourceUpdatePolicy = .none
    ) {
        self.name = name
        self.version = version
        self.recipe = recipe
        self.retired = retired
        self.source = source
        self.build = build
        self.steps = steps
        self.distribute = distribute
        self.tags = tags
        self.rollout = rollout
        self.retention = retention
        self.manifest = manifest
        self.autoUpdate = autoUpdate
    }

    /// The first 8 hex characters of the recipe hash.
    public var recipe8: String { String(recipe.prefix(8)) }

    /// The build region followed by the distribute regions, sorted after the first.
    public var regions: [String] { [build.region] + distribute.regions.filter { $0 != build.region }.sorted() }
}

// MARK: - Build

/// `spec.build`, with defaults filled in.
public struct BuildSettings: Sendable, Equatable, Codable {
    public var region: String
    public var instanceType: String
    public var subnet: String?
    public var securityGroups: [String]
    public var instanceProfile: String
    public var associatePublicIp: Bool
    public var rootVolume: RootVolume
    /// The whole bake, in seconds (default 60 minutes).
    public var timeout: TimeInterval
    /// Failed bakes of one (version, recipe) before giving up (default 3).
    public var maxAttempts: Int
    /// Keep a failed builder for debugging (stopped, tagged `kiln:phase=failed-kept`).
    public var keepOnFailure: Bool

    /// Creates build settings with the manifest defaults.
    public init(
        region: String, instanceType: String, subnet: String? = nil, securityGroups: [String] = [],
        instanceProfile: String, associatePublicIp: Bool = false, rootVolume: RootVolume = RootVolume(),
        timeout: TimeInterval = 3600, maxAttempts: Int = 3, keepOnFailure: Bool = false
    ) {
        self.region = region
        self.instanceType = instanceType
        self.subnet = subnet
        self.securityGroups = securityGroups
        self.instanceProfile = instanceProfile
        self.associatePublicIp = associatePublicIp
        self.rootVolume = rootVolume
        self.timeout = timeout
        self.maxAttempts = maxAttempts
        self.keepOnFailure = keepOnFailure
    }
}
