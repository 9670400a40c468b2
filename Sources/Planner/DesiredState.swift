// MARK: - Desired state

/// What the repository asks for at one commit.
public struct DesiredState: Sendable, Equatable, Codable {
    /// Every valid image manifest.
    public var images: [DesiredImage]
    /// False when the manifest set could not be read completely: nothing destructive then.
    public var loadedCompletely: Bool
    /// Names of images whose manifests are invalid (or duplicated): nothing is changed for them.
    public var invalidImageNames: Set<String>
    /// The commit the manifests were read at (`kiln:commit`).
    public var commit: String
    /// This controller's owner id (`kiln:owner`); resources of other owners are never touched.
    public var owner: String

    /// Creates a desired state.
    public init(
        images: [DesiredImage], loadedCompletely: Bool = true, invalidImageNames: Set<String> = [],
        commit: String, owner: String
    ) {
        self.images = images
        self.loadedCompletely = loadedCompletely
        self.invalidImageNames = invalidImageNames
        self.commit = commit
        self.owner = owner
    }
}
