import Foundation

// MARK: - Actual state

/// What the Cloud layer observed in AWS, across regions.
///
/// Lists may come in any order: the planner sorts everything it iterates.
public struct ActualState: Sendable, Equatable, Codable {
    /// Regions whose observation succeeded.
    public var observedRegions: Set<String>
    /// Regions whose observation failed: unknown, nothing destructive there.
    public var failedRegions: Set<String>
    /// Kiln AMIs (of every owner) and any other AMI observed.
    public var images: [ObservedImage]
    /// Snapshots owned by the account.
    public var snapshots: [ObservedSnapshot]
    /// Every instance (any state), for in-use checks; builders carry `kiln:role=builder`.
    public var instances: [ObservedInstance]
    /// SSM command invocations on builders.
    public var commandInvocations: [CommandInvocation]
    /// SSM managed-instance status of builders.
    public var managedInstances: [ManagedInstance]
    public var launchTemplates: [ObservedLaunchTemplate]
    public var launchConfigurations: [ObservedLaunchConfiguration]
    public var autoScalingGroups: [ObservedAutoScalingGroup]
    public var parameters: [ObservedParameter]
    /// Images each `source` of a desired image resolves to, per region.
    public var sourceLookups: [SourceLookup]
    /// Failed bakes recorded earlier (status files and builder tags).
    public var bakeFailures: [BakeFailureRecord]
    /// The account Kiln runs in (STS GetCallerIdentity); nil when unknown: then no AMI is Kiln's.
    public var accountId: String?

    /// Creates an actual state; every list defaults to empty.
    public init(
        observedRegions: Set<String>, failedRegions: Set<String> = [], images: [ObservedImage] = [],
        snapshots: [ObservedSnapshot] = [], instances: [ObservedInstance] = [],
        commandInvocations: [CommandInvocation] = [], managedInstances: [ManagedInstance] = [],
        launchTemplates: [ObservedLaunchTemplate] = [], launchConfigurations: [ObservedLaunchConfiguration] = [],
        autoScalingGroups: [ObservedAutoScalingGroup] = [], parameters: [ObservedParameter] = [],
        sourceLookups: [SourceLookup] = [], bakeFailures: [BakeFailureRecord] = [], accountId: String? = nil
    ) {
        self.accountId = accountId
        self.observedRegions = observedRegions
        self.failedRegions = failedRegions
        self.images = images
        self.snapshots = snapshots
        self.instances = instances
        self.commandInvocations = commandInvocations
        self.managedInstances = managedInstances
        self.launchTemplates = launchTemplates
        self.launchConfigurations = launchConfigurations
        self.autoScalingGroups = autoScalingGroups
        self.parameters = parameters
        self.sourceLookups = sourceLookups
        self.bakeFailures = bakeFailures
    }

    /// A region is known when it was observed and its observation did not fail.
    public func isKnown(_ region: String) -> Bool {
        observedRegions.contains(region) && !failedRegions.contains(region)
    }
}

// MARK: - Sources and failures

/// What one desired source resolves to in one region.
public struct SourceLookup: Sendable, Equatable, Codable {
    public var region: String
    public var query: SourceQuery
    /// For a filter: every matching image; for an id: that image, if it exists.
    public var candidates: [ObservedImage]

    /// Creates a lookup.
    public init(region: String, query: SourceQuery, candidates: [ObservedImage]) {
        self.region = region
        self.query = query
        self.candidates = candidates
    }
}

/// The question a `SourceLookup` answers.
public enum SourceQuery: Sendable, Hashable, Codable {
    case filter(ImageFilter)
    case imageId(String)

    /// The query with its filter's owners sorted, so equal questions compare equal.
    public var normalized: SourceQuery {
        guard case .filter(let filter) = self else { return self }
        return .filter(ImageFilter(name: filter.name, owners: filter.owners, architecture: filter.architecture))
    }
}

/// Failed attempts of one bake (image, version, recipe).
public struct BakeFailureRecord: Sendable, Equatable, Codable {
    public var image: String
    public var version: SemanticVersion
    public var recipe: String
    /// How many attempts failed.
    public var attempts: Int
    public var lastError: String
    public var lastStep: String?
    public var lastExitCode: Int?
    public var lastOutputTail: String?
    public var lastFailureAt: Date

    /// Creates a failure record.
    public init(
        image: String, version: SemanticVersion, recipe: String, attempts: Int, lastError: String,
        lastStep: String? = nil, lastExitCode: Int? = nil, lastOutputTail: String? = nil, lastFailureAt: Date
    ) {
        self.image = image
        self.version = version
        self.recipe = recipe
        self.attempts = attempts
        self.lastError = lastError
        self.lastStep = lastStep
        self.lastExitCode = lastExitCode
        self.lastOutputTail = lastOutputTail
        self.lastFailureAt = lastFailureAt
    }
}
