import Foundation

// MARK: - Ownership from evidence that tags alone cannot forge

/// Decides whether a resource is this controller's. Tags are writable by anyone with `ec2:CreateTags`, so
/// each rule also needs something a copy of the tags cannot carry: an AMI's immutable name and owning
/// account, a builder's client token, a snapshot's link to such an AMI.
///
/// The planner applies these rules to the observed state; the executor applies the same rules again to
/// what it re-reads right before each destructive call.
public enum Ownership {
    /// An AMI is ours when its `kiln:*` tags name `owner`, its name is exactly
    /// `kiln/<image>/<version>/<recipe8>` of those tags, and its owning account is `account`.
    /// An unknown account (nil) proves nothing: the AMI is not ours.
    public static func isOurImage(
        name: String, ownerId: String?, tags: [String: String], owner: String, account: String?
    ) -> Bool {
        guard let account, !account.isEmpty, ownerId == account, tags[KilnTag.owner] == owner,
            let image = tags[KilnTag.image], let version = tags[KilnTag.version],
            let recipe = tags[KilnTag.recipe], recipe.count >= 8
        else { return false }
        return name == KilnNames.amiName(image: image, versionText: version, recipe: recipe)
    }

    /// An AMI observed by the planner is ours (see `isOurImage(name:ownerId:tags:owner:account:)`).
    public static func isOurs(_ image: ObservedImage, owner: String, account: String?) -> Bool {
        isOurImage(name: image.name, ownerId: image.ownerId, tags: image.tags, owner: owner, account: account)
    }

    /// A snapshot is ours when it is, or was, the snapshot of one of our AMIs: an AMI of ours lists it,
    /// or its CreateImage/CopyImage description names AMIs of which every one still observed is ours and,
    /// when none is observed any more (deregistered), its `kiln:*` tags name `owner` and a bake.
    ///
    /// - Parameter image: the AMI of an id, as observed (nil when it is gone).
    public static func isOurSnapshot(
        id: String, description: String?, tags: [String: String], owner: String,
        listedByOurImage: Bool, image: (String) -> ObservedImage?, isOurs: (ObservedImage) -> Bool
    ) -> Bool {
        guard tags[KilnTag.owner] == owner else { return false }
        if listedByOurImage { return true }
        let named = imageIds(in: description)
        guard !named.isEmpty else { return false }
        let observed = named.compactMap(image)
        if !observed.isEmpty { return observed.allSatisfy(isOurs) }
        return tags[KilnTag.image] != nil && tags[KilnTag.version] != nil && tags[KilnTag.recipe] != nil
    }

    /// A builder is ours when its tags say so (`kiln:role=builder`, `kiln:owner`, image, version, recipe and
    /// attempt) and it was launched with the client token Kiln derives from exactly those tags.
    public static func isOurBuilder(tags: [String: String], clientToken: String?, owner: String) -> Bool {
        guard tags[KilnTag.role] == "builder", tags[KilnTag.owner] == owner, let clientToken,
            let image = tags[KilnTag.image], let version = tags[KilnTag.version],
            let recipe = tags[KilnTag.recipe], let attempt = tags[KilnTag.attempt]
        else { return false }
        let expected = ClientToken.builder(
            owner: owner, image: image, versionText: version, recipe: recipe, attemptText: attempt)
        return clientToken == expected.value
    }

    /// A launch configuration name Kiln gives (`kiln-<pair16>-…`, see `KilnNames.launchConfigurationName`).
    public static func isKilnLaunchConfigurationName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "kiln" else { return false }
        return parts[1].count == 16 && parts[1].allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// AMI ids named in a snapshot description (`Created by CreateImage(i-…) for ami-… from vol-…`,
    /// `Copied for DestinationAmi ami-… from SourceAmi ami-…`).
    public static func imageIds(in description: String?) -> [String] {
        guard let description else { return [] }
        return description.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
            .map(String.init)
            .filter { $0.hasPrefix("ami-") && $0.count > 4 }
    }
}

extension ClientToken {
    /// The client token of a builder launch: owner, image, version, recipe and attempt.
    public static func builder(
        owner: String, image: String, versionText: String, recipe: String, attemptText: String
    ) -> ClientToken {
        ClientToken(input: "kiln-builder|\(owner)|\(image)|\(versionText)|\(recipe)|\(attemptText)")
    }
}
