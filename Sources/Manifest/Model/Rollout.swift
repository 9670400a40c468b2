/// `spec.rollout`: what points at the new AMI.
public struct Rollout: Sendable, Equatable {
    /// Launch templates to give a new version.
    public var launchTemplates: [LaunchTemplateTarget]
    /// Auto Scaling groups whose launch configuration is replaced.
    public var launchConfigurations: [LaunchConfigurationTarget]
    /// SSM parameter name published in every region the image exists in.
    public var ssmParameter: String?

    /// Creates a rollout; default nothing.
    public init(
        launchTemplates: [LaunchTemplateTarget] = [], launchConfigurations: [LaunchConfigurationTarget] = [],
        ssmParameter: String? = nil
    ) {
        self.launchTemplates = launchTemplates
        self.launchConfigurations = launchConfigurations
        self.ssmParameter = ssmParameter
    }

    /// Whether nothing is rolled out.
    public var isEmpty: Bool { launchTemplates.isEmpty && launchConfigurations.isEmpty && ssmParameter == nil }
}

/// A launch template that gets a new version with the new `ImageId`.
public struct LaunchTemplateTarget: Sendable, Equatable {
    /// The launch template name.
    public var name: String
    /// Its region (defaulted to the build region).
    public var region: String
    /// Make the new version the default (default true).
    public var setDefault: Bool
    /// Start an instance refresh afterwards.
    public var refresh: InstanceRefresh?
    /// Where the target is written.
    public var location: SourceLocation

    /// Creates a launch template target.
    public init(
        name: String, region: String, setDefault: Bool = true, refresh: InstanceRefresh? = nil,
        location: SourceLocation
    ) {
        self.name = name
        self.region = region
        self.setDefault = setDefault
        self.refresh = refresh
        self.location = location
    }
}

/// An Auto Scaling instance refresh started after a launch template update.
public struct InstanceRefresh: Sendable, Equatable {
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

/// An Auto Scaling group whose launch configuration is copied with the new `ImageId`.
public struct LaunchConfigurationTarget: Sendable, Equatable {
    /// The Auto Scaling group.
    public var autoScalingGroup: String
    /// Its region (defaulted to the build region).
    public var region: String
    /// Where the target is written.
    public var location: SourceLocation

    /// Creates a launch configuration target.
    public init(autoScalingGroup: String, region: String, location: SourceLocation) {
        self.autoScalingGroup = autoScalingGroup
        self.region = region
        self.location = location
    }
}
