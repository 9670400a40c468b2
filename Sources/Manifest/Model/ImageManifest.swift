/// One valid `kiln/v1` `Image` manifest with every default filled in.
public struct ImageManifest: Sendable, Equatable {
    /// `metadata.name`: unique in the repository.
    public var name: String
    /// `metadata.description`.
    public var description: String?
    /// The manifest's path as given to the loader.
    public var file: String
    /// Where the document starts (its root mapping).
    public var location: SourceLocation
    /// Where `metadata.name`'s value is written.
    public var nameLocation: SourceLocation
    /// `spec`.
    public var spec: ImageSpec
    /// Where the values of `spec.build`, `spec.distribute` and `spec.rollout` are written (for guardrails).
    public var valuePositions = ValuePositions()
}

/// `spec`: what the image is, how it is baked, where it goes and how long versions live.
public struct ImageSpec: Sendable, Equatable {
    /// The desired version.
    public var version: SemanticVersion
    /// Where `spec.version`'s value is written.
    public var versionLocation: SourceLocation
    /// Stop baking and rolling out; prune everything not in use.
    public var retired: Bool
    /// The base image.
    public var source: ImageSource
    /// Where the chosen source's value (`ami`, `filter` or `image`) is written.
    public var sourceLocation: SourceLocation
    /// The builder instance.
    public var build: BuildSpec
    /// Steps run in order on the builder (never empty).
    public var provision: [Step]
    /// Steps run after provisioning; any failure fails the bake.
    public var test: [Step]
    /// Cleanup before the image is taken.
    public var cleanup: Cleanup
    /// Copies and launch permissions.
    public var distribute: Distribution
    /// User tags put on the AMI and its snapshots (no `kiln:`/`aws:` keys).
    public var tags: [String: String]
    /// Where the new AMI is rolled out.
    public var rollout: RolloutTargets
    /// How long old versions live.
    public var retention: Retention
    /// Whether a newer source is proposed as a version bump (`spec.autoUpdate`; default: never).
    public var autoUpdate: AutoUpdate

    /// Every step in run order: provision, test, then cleanup's extra steps.
    public var allSteps: [Step] { provision + test + cleanup.steps }

    /// The build region followed by the distribution regions: where this image's AMIs exist.
    public var regions: [String] { [build.region] + distribute.regions }
}
