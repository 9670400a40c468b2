// MARK: - What the operator lets manifests reach

/// The operator's bounds on what a manifest may reach: accounts to share with, regions, launch templates, Auto
/// Scaling groups, SSM parameter prefixes and builder instance profiles. A manifest outside them is invalid at the
/// offending value, so a plan never acts on it. Patterns are compiled when the guardrails are made, not per
/// manifest.
public struct Guardrails: Sendable, Equatable {
    /// Account ids an image may be shared with (`spec.distribute.accounts`); default none.
    public var distributeAccounts: [String]
    /// Regions an image may be built in, copied to and rolled out in; empty allows every region.
    public var regions: [String]
    /// Launch templates a rollout may give new versions (`spec.rollout.launchTemplates[].name`); default `*`.
    public var launchTemplates: [GlobPattern]
    /// Auto Scaling groups a rollout may change or refresh; default `*`.
    public var autoScalingGroups: [GlobPattern]
    /// Prefixes of the SSM parameters a rollout may publish to; default `/kiln/`.
    public var ssmParameterPrefixes: [String]
    /// Instance profiles a builder may run with (`spec.build.instanceProfile`, its name); default `*`.
    public var instanceProfiles: [GlobPattern]
    /// Accounts Kiln can act in through a role (the configuration's `accounts:`): the only ones
    /// `spec.distribute.copyTo` and rollout targets may name; default none.
    public var roleAccounts: [String] = []

    /// The defaults: no sharing, every region, launch template, group and instance profile, parameters under
    /// `/kiln/`.
    public init(
        distributeAccounts: [String] = [], regions: [String] = [], launchTemplates: [GlobPattern] = [.any],
        autoScalingGroups: [GlobPattern] = [.any], ssmParameterPrefixes: [String] = ["/kiln/"],
        instanceProfiles: [GlobPattern] = [.any]
    ) {
        self.distributeAccounts = distributeAccounts
        self.regions = regions
        self.launchTemplates = launchTemplates
        self.autoScalingGroups = autoScalingGroups
        self.ssmParameterPrefixes = ssmParameterPrefixes
        self.instanceProfiles = instanceProfiles
    }

    /// Whether `account` may receive launch permissions.
    public func allowsAccount(_ account: String) -> Bool { distributeAccounts.contains(account) }

    /// Whether `region` may be used.
    public func allowsRegion(_ region: String) -> Bool { regions.isEmpty || regions.contains(region) }

    /// Whether the launch template `name` may be rolled out to.
    public func allowsLaunchTemplate(_ name: String) -> Bool { launchTemplates.contains { $0.matches(name) } }

    /// Whether the Auto Scaling group `name` may be changed or refreshed.
    public func allowsAutoScalingGroup(_ name: String) -> Bool { autoScalingGroups.contains { $0.matches(name) } }

    /// Whether the SSM parameter `name` may be written.
    public func allowsParameter(_ name: String) -> Bool { ssmParameterPrefixes.contains { name.hasPrefix($0) } }

    /// Whether a builder may use the instance profile `profile` (a name, or an ARN whose last part is matched).
    public func allowsInstanceProfile(_ profile: String) -> Bool {
        let name = profile.hasPrefix("arn:") ? String(profile.split(separator: "/").last ?? "") : profile
        return instanceProfiles.contains { $0.matches(name) }
    }
}
