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

    /// Creates a retention policy with the manifest defaults.
    public init(
        keep: Int = 3, minAge: ManifestDuration = .days(7), pinned: [SemanticVersion] = [],
        deprecateAfter: ManifestDuration? = nil
    ) {
        self.keep = keep
        self.minAge = minAge
        self.pinned = pinned
        self.deprecateAfter = deprecateAfter
    }
}
