// MARK: - Rollout targets

/// `spec.rollout`: what points at the new AMI.
public struct RolloutTargets: Sendable, Hashable, Codable {
    /// Launch templates to give a new version.
    public var launchTemplates: [LaunchTemplateTarget]
    /// Auto Scaling groups whose launch configuration is replaced.
    public var launchConfigurations: [LaunchConfigurationTarget]
    /// SSM parameter name, published in the build region and every distribute region (each region's own AMI id).
    public var ssmParameter: String?
    /// SSM parameters in other accounts (`ssmParameters`), one per account.
    public var accountParameters: [AccountParameter]

    /// Creates rollout targets; default nothing.
    public init(
        launchTemplates: [LaunchTemplateTarget] = [], launchConfigurations: [LaunchConfigurationTarget] = [],
        ssmParameter: String? = nil, accountParameters: [AccountParameter] = []
    ) {
        self.launchTemplates = launchTemplates
        self.launchConfigurations = launchConfigurations
        self.ssmParameter = ssmParameter
        self.accountParameters = accountParameters
    }

    /// Whether nothing is rolled out.
    public var isEmpty: Bool {
        launchTemplates.isEmpty && launchConfigurations.isEmpty && ssmParameter == nil && accountParameters.isEmpty
    }
}

/// `spec.rollout.launchTemplates[]`: a launch template that gets a new version with the new `ImageId`.
public struct LaunchTemplateTarget: Sendable, Hashable, Codable {
    /// The launch template name.
    public var name: String
    /// Its region (defaulted to the build region).
    public var region: String
    /// Make the new version the default (default true).
    public var setDefault: Bool
    /// Start an instance refresh afterwards.
    public var refresh: InstanceRefresh?
    /// The account the template lives in (one of `spec.distribute.copyTo`): it gets that account's copy; nil is
    /// the account Kiln runs in.
    public var account: String?

    /// Creates a launch template target.
    public init(
        name: String, region: String, setDefault: Bool = true, refresh: InstanceRefresh? = nil, account: String? = nil
    ) {
        self.name = name
        self.region = region
        self.setDefault = setDefault
        self.refresh = refresh
        self.account = account
    }
}

/// `spec.rollout.launchTemplates[].refresh`: an Auto Scaling instance refresh started after the update.
public struct InstanceRefresh: Sendable, Hashable, Codable {
    /// The Auto Scaling group to refresh.
    public var autoScalingGroup: String
    /// 0...100 (default 90).
    public var minHealthyPercentage: Int
    /// Instance warm-up, if set.
    public var instanceWarmup: ManifestDuration?

    /// Creates an instance refresh.
    public init(autoScalingGroup: String, minHealthyPercentage: Int = 90, instanceWarmup: ManifestDuration? = nil) {
        self.autoScalingGroup = autoScalingGroup
        self.minHealthyPercentage = minHealthyPercentage
        self.instanceWarmup = instanceWarmup
    }
}

/// `spec.rollout.launchConfigurations[]`: an Auto Scaling group whose launch configuration is copied with the
/// new `ImageId`.
public struct LaunchConfigurationTarget: Sendable, Hashable, Codable {
    /// The Auto Scaling group.
    public var autoScalingGroup: String
    /// Its region (defaulted to the build region, or to the account's first copy region).
    public var region: String
    /// The account the group lives in (one of `spec.distribute.copyTo`); nil: the account Kiln runs in.
    public var account: String?

    /// Creates a launch configuration target.
    public init(autoScalingGroup: String, region: String, account: String? = nil) {
        self.autoScalingGroup = autoScalingGroup
        self.region = region
        self.account = account
    }
}

/// `spec.rollout.ssmParameters[]`: an SSM parameter in another account (one of `spec.distribute.copyTo`) that gets
/// the id of that account's copy in each of its copy regions.
public struct AccountParameter: Sendable, Hashable, Codable {
    /// The 12-digit account id.
    public var account: String
    /// The parameter name.
    public var name: String

    /// Creates a parameter target in another account.
    public init(account: String, name: String) {
        self.account = account
        self.name = name
    }
}
