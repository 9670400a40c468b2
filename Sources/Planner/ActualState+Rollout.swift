import Foundation

// MARK: - Launch templates

/// A launch template and every one of its versions.
public struct ObservedLaunchTemplate: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var region: String
    public var defaultVersion: Int
    public var latestVersion: Int
    public var versions: [LaunchTemplateVersion]

    /// Creates an observed launch template.
    public init(
        id: String, name: String, region: String, defaultVersion: Int, latestVersion: Int,
        versions: [LaunchTemplateVersion]
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.defaultVersion = defaultVersion
        self.latestVersion = latestVersion
        self.versions = versions
    }

    /// The version with this number, if observed.
    public func version(_ number: Int) -> LaunchTemplateVersion? {
        versions.first { $0.number == number }
    }
}

/// One launch template version.
public struct LaunchTemplateVersion: Sendable, Equatable, Codable {
    public var number: Int
    public var imageId: String?
    /// Kiln-created versions carry `kiln:<image>/<version>`.
    public var description: String?

    /// Creates a launch template version.
    public init(number: Int, imageId: String?, description: String? = nil) {
        self.number = number
        self.imageId = imageId
        self.description = description
    }
}

// MARK: - Launch configurations and groups

/// A launch configuration.
public struct ObservedLaunchConfiguration: Sendable, Equatable, Codable {
    public var name: String
    public var region: String
    public var imageId: String
    public var createdAt: Date

    /// Creates an observed launch configuration.
    public init(name: String, region: String, imageId: String, createdAt: Date) {
        self.name = name
        self.region = region
        self.imageId = imageId
        self.createdAt = createdAt
    }
}

/// A launch template named by an Auto Scaling group, by id or name, with a version string.
public struct LaunchTemplateReference: Sendable, Equatable, Codable {
    public var id: String?
    public var name: String?
    /// `$Default`, `$Latest` or a number; nil means `$Default`.
    public var version: String?

    /// Creates a reference.
    public init(id: String? = nil, name: String? = nil, version: String? = nil) {
        self.id = id
        self.name = name
        self.version = version
    }
}

/// An Auto Scaling group's mixed-instances policy, as far as it names launch templates.
public struct MixedInstancesPolicyReference: Sendable, Equatable, Codable {
    public var launchTemplate: LaunchTemplateReference
    /// The launch templates named by overrides (overrides without one are left out).
    public var overrides: [LaunchTemplateReference]

    /// Creates a mixed-instances policy reference.
    public init(launchTemplate: LaunchTemplateReference, overrides: [LaunchTemplateReference] = []) {
        self.launchTemplate = launchTemplate
        self.overrides = overrides
    }
}

/// An instance refresh of an Auto Scaling group.
public struct ObservedInstanceRefresh: Sendable, Equatable, Codable {
    public var id: String
    public var status: RefreshStatus
    public var startTime: Date

    /// Creates an instance refresh.
    public init(id: String, status: RefreshStatus, startTime: Date) {
        self.id = id
        self.status = status
        self.startTime = startTime
    }
}

/// An Auto Scaling group.
public struct ObservedAutoScalingGroup: Sendable, Equatable, Codable {
    public var name: String
    public var region: String
    public var launchTemplate: LaunchTemplateReference?
    public var mixedInstancesPolicy: MixedInstancesPolicyReference?
    public var launchConfigurationName: String?
    /// Recent instance refreshes (in progress and finished).
    public var instanceRefreshes: [ObservedInstanceRefresh]

    /// Creates an observed group.
    public init(
        name: String, region: String, launchTemplate: LaunchTemplateReference? = nil,
        mixedInstancesPolicy: MixedInstancesPolicyReference? = nil, launchConfigurationName: String? = nil,
        instanceRefreshes: [ObservedInstanceRefresh] = []
    ) {
        self.name = name
        self.region = region
        self.launchTemplate = launchTemplate
        self.mixedInstancesPolicy = mixedInstancesPolicy
        self.launchConfigurationName = launchConfigurationName
        self.instanceRefreshes = instanceRefreshes
    }

    /// Every launch template reference: the group's own, the policy's and its overrides'.
    public var launchTemplateReferences: [LaunchTemplateReference] {
        var references: [LaunchTemplateReference] = []
        if let launchTemplate { references.append(launchTemplate) }
        if let mixedInstancesPolicy {
            references.append(mixedInstancesPolicy.launchTemplate)
            references.append(contentsOf: mixedInstancesPolicy.overrides)
        }
        return references
    }
}

// MARK: - SSM parameters

/// An SSM parameter that exists. Its value is never kept: only the AMI it names, when it names one.
///
/// A parameter's value may be anything an operator put there, a secret included, so the observer keeps only the
/// id of an image observed in the parameter's region when the value (trimmed) is one; any other value becomes
/// `imageId == nil` ("a value Kiln did not write"). That is all the planner needs: the AMI a parameter names is in
/// use and never pruned, and a parameter that names anything but the desired AMI is rewritten.
public struct ObservedParameter: Sendable, Equatable, Codable {
    public var name: String
    public var region: String
    /// The AMI the value names, when it names an image observed in `region`; nil for any other value.
    public var imageId: String?

    /// Creates an observed parameter.
    public init(name: String, region: String, imageId: String?) {
        self.name = name
        self.region = region
        self.imageId = imageId
    }

    /// The parameter holds a value that names no image observed in its region.
    public var holdsOtherValue: Bool { imageId == nil }
}
