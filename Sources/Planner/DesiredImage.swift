import Foundation

// MARK: - Desired image

/// One valid image manifest, projected to what the planner needs (1:1 with `kiln/v1` `Image`).
///
/// The spec's model values (version, source, build, distribution, rollout targets, retention) are the decoded
/// ones, defaults filled in and target regions resolved; step timeouts are seconds; the recipe hash is computed.
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
    public var build: BuildSpec
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
        source: ImageSource, build: BuildSpec, steps: BakeSteps,
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
