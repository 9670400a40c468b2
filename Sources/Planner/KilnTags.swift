import Foundation

// MARK: - Tag keys

/// The `kiln:` tags: the only state Kiln keeps in AWS.
public enum KilnTag {
    public static let image = "kiln:image"
    public static let version = "kiln:version"
    public static let recipe = "kiln:recipe"
    public static let commit = "kiln:commit"
    public static let sourceAMI = "kiln:source-ami"
    public static let owner = "kiln:owner"
    /// `builder` on builder instances.
    public static let role = "kiln:role"
    /// The builder's phase (see `BuilderPhaseTag`).
    public static let phase = "kiln:phase"
    /// When the builder entered its phase (ISO 8601), for phase timeouts.
    public static let since = "kiln:since"
    public static let attempt = "kiln:attempt"
    /// The step the builder is running.
    public static let step = "kiln:step"
    /// The SSM command id of the current step (set by the executor after SendCommand).
    public static let command = "kiln:command"
    /// The user tag keys (from `spec.tags`) Kiln applied to an AMI and its snapshots, sorted, comma-separated:
    /// a key that leaves `spec.tags` is removed from them.
    public static let tagKeys = "kiln:tag-keys"
    /// The accounts Kiln granted launch permission on an AMI, sorted, comma-separated: an account that leaves
    /// `distribute.accounts` is revoked; any other permission was granted by hand and keeps the AMI.
    public static let sharedWith = "kiln:shared-with"
    /// When Kiln disabled an AMI (ISO 8601): staged retirement deregisters it `retention.deleteAfter` later.
    public static let disabledAt = "kiln:disabled-at"
    /// The instance tag Auto Scaling puts on group members.
    public static let autoScalingGroup = "aws:autoscaling:groupName"
}

/// Values of `kiln:phase` on builders.
public enum BuilderPhaseTag {
    public static let launching = "launching"
    public static let step = "step"
    public static let stopping = "stopping"
    public static let imaging = "imaging"
    public static let failed = "failed"
    public static let failedKept = "failed-kept"
}

// MARK: - Names

/// Deterministic names and descriptions Kiln gives to what it creates.
enum KilnNames {
    /// `kiln/<image>/<version>/<recipe8>`; characters AMI names do not allow become `_`.
    static func amiName(image: String, version: SemanticVersion, recipe: String) -> String {
        amiName(image: image, versionText: version.description, recipe: recipe)
    }

    /// `kiln/<image>/<version>/<recipe8>` from the version's tag text.
    static func amiName(image: String, versionText: String, recipe: String) -> String {
        let raw = "kiln/\(image)/\(versionText)/\(recipe.prefix(8))"
        return String(raw.map { amiNameCharacters.contains($0) ? $0 : "_" }.prefix(128))
    }

    private static let amiNameCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789()[]./-_'@ ")

    /// The description of a Kiln launch-template version: `kiln:<image>/<version>`.
    static func launchTemplateVersionDescription(image: String, version: SemanticVersion) -> String {
        "kiln:\(image)/\(version)"
    }

    /// The prefix of every launch configuration Kiln creates for a group and image:
    /// `kiln-<pair16>-<image>-`, where `pair16` is 16 hex characters of a hash of the group and image
    /// names joined by a newline (a character neither name can hold). Hyphens are legal in both names, so
    /// the names themselves could not tell `a-b` + `c` from `a` + `b-c`; the hash of the pair does.
    static func launchConfigurationPrefix(group: String, image: String) -> String {
        "kiln-\(ClientToken.fnv1a128Hex("\(group)\n\(image)").prefix(16))-\(image)-"
    }

    /// `kiln-<pair16>-<image>-<version>-<recipe8>`, truncated to 255 characters.
    static func launchConfigurationName(
        group: String, image: String, version: SemanticVersion, recipe: String
    ) -> String {
        String("\(launchConfigurationPrefix(group: group, image: image))\(version)-\(recipe.prefix(8))".prefix(255))
    }

    /// The SSM command comment that names a step: `kiln step <name>`.
    static func stepComment(_ step: String) -> String { "kiln step \(step)" }

    /// ISO 8601 text of a date, as written in `kiln:since`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Parses `kiln:since`.
    static func date(fromTimestamp text: String?) -> Date? {
        guard let text else { return nil }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}

// MARK: - Tag reading

extension Dictionary where Key == String, Value == String {
    /// The `kiln:version` tag as a semantic version.
    var kilnVersion: SemanticVersion? { self[KilnTag.version].flatMap(SemanticVersion.init) }

    /// Tagged as owned by `owner`.
    func isOwned(by owner: String) -> Bool { self[KilnTag.owner] == owner }

    /// Tagged as the given image, version and recipe of `owner`.
    func isBake(_ key: BakeKey, owner: String) -> Bool {
        isOwned(by: owner) && self[KilnTag.image] == key.image && kilnVersion == key.version
            && self[KilnTag.recipe] == key.recipe
    }
}

/// One bake: an image at one version and recipe.
struct BakeKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    var image: String
    var version: SemanticVersion
    var recipe: String

    var description: String { "\(image) \(version) (recipe \(recipe.prefix(8)))" }

    static func < (lhs: BakeKey, rhs: BakeKey) -> Bool {
        if lhs.image != rhs.image { return lhs.image < rhs.image }
        if lhs.version != rhs.version { return lhs.version < rhs.version }
        return lhs.recipe < rhs.recipe
    }
}
