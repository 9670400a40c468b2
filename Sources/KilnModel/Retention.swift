// MARK: - Retention

/// `spec.retention`: which old versions are kept.
public struct Retention: Sendable, Hashable, Codable {
    /// Newest versions kept, 1...100 (default 3).
    public var keep: Int
    /// Never prune an AMI younger than this (default 7d; zero means no minimum age).
    public var minAge: ManifestDuration
    /// Versions never pruned (unique by precedence).
    public var pinned: [SemanticVersion]
    /// Mark AMIs deprecated this long after they stop being desired.
    public var deprecateAfter: ManifestDuration?
    /// Staged retirement: a version retention would prune is disabled (DisableImage) first, this long after its
    /// deprecation time (or its creation when it has none).
    public var disableAfter: ManifestDuration?
    /// Staged retirement: a disabled version is deregistered this long after it was disabled.
    public var deleteAfter: ManifestDuration?

    /// Creates a retention policy with the manifest defaults.
    public init(
        keep: Int = 3, minAge: ManifestDuration = .days(7), pinned: [SemanticVersion] = [],
        deprecateAfter: ManifestDuration? = nil, disableAfter: ManifestDuration? = nil,
        deleteAfter: ManifestDuration? = nil
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
