import AWS
import Foundation
import Logging
import Planner

// MARK: - One region's observation

/// Everything observed in one region.
struct RegionObservation: Sendable {
    var images: [ObservedImage] = []
    var snapshots: [ObservedSnapshot] = []
    var instances: [ObservedInstance] = []
    var commandInvocations: [CommandInvocation] = []
    var managedInstances: [ManagedInstance] = []
    var launchTemplates: [ObservedLaunchTemplate] = []
    var launchConfigurations: [ObservedLaunchConfiguration] = []
    var autoScalingGroups: [ObservedAutoScalingGroup] = []
    var parameters: [ObservedParameter] = []
    var sourceLookups: [SourceLookup] = []
    var bakeFailures: [BakeFailureRecord] = []
    var lookupFailures: [SourceLookupFailure] = []

    func add(to actual: inout ActualState) {
        actual.images += images
        actual.snapshots += snapshots
        actual.instances += instances
        actual.commandInvocations += commandInvocations
        actual.managedInstances += managedInstances
        actual.launchTemplates += launchTemplates
        actual.launchConfigurations += launchConfigurations
        actual.autoScalingGroups += autoScalingGroups
        actual.parameters += parameters
        actual.sourceLookups += sourceLookups
        actual.bakeFailures += bakeFailures
    }
}

/// Observes one region: the account-wide listings first, then what depends on them.
struct RegionObserver: Sendable {
    let observer: Observer
    let region: String
    let desired: DesiredState
    /// The account Kiln runs in: AMIs of ours are in it.
    let account: String

    var ec2: EC2 { EC2(client: observer.client, region: region) }
    var autoScaling: AutoScaling { AutoScaling(client: observer.client, region: region) }
    var ssm: SSM { SSM(client: observer.client, region: region) }
    var limit: Int { max(1, observer.configuration.maxConcurrentCalls) }
    var owner: String { desired.owner }

    /// The AMI is ours by evidence (tags, immutable name, account).
    func isOurs(_ image: ObservedImage) -> Bool { Ownership.isOurs(image, owner: owner, account: account) }

    /// Desired images that live in this region (build or distribute region).
    var desiredHere: [DesiredImage] {
        desired.images.filter { $0.regions.contains(region) }
    }

    var pages: Observer.PageSizes { observer.configuration.pageSizes }

    /// `tag:kiln:owner` = this owner: AMIs and snapshots of other owners (or none) are never listed.
    var ownerFilter: EC2.Filter { EC2.Filter(name: "tag:\(KilnTag.owner)", values: [owner]) }

    func run() async throws -> RegionObservation {
        let started = ContinuousClock.now
        async let images = ec2.describeImages(
            .init(owners: ["self"], filters: [ownerFilter], includeDisabled: true, maxResults: pages.images))
        async let snapshots = ec2.describeSnapshots(
            .init(ownerIds: ["self"], filters: [ownerFilter], maxResults: pages.images))
        async let instances = ec2.describeInstances(.init())
        async let templates = ec2.describeLaunchTemplates(.init(maxResults: pages.launchTemplates))
        async let templateVersions = ec2.describeLaunchTemplateVersions(
            .latestAndDefaultOfAll(maxResults: pages.launchTemplates))
        async let configurations = autoScaling.describeLaunchConfigurations(.init())
        async let groups = autoScaling.describeAutoScalingGroups(.init())

        var result = RegionObservation()
        let now = observer.now()
        result.images = try await images.map { observedImage($0, now: now) }
        result.instances = try await instances.map { observedInstance($0, now: now) }
        let awsSnapshots = try await snapshots
        result.images += try await imagesNamedByOrphans(awsSnapshots, images: result.images, now: now)
        result.snapshots = observedSnapshots(awsSnapshots, images: result.images, now: now)
        let awsTemplates = try await templates
        let awsTemplateVersions = try await templateVersions
        let awsConfigurations = try await configurations
        let awsGroups = try await groups

        try await addLaunchPermissions(to: &result.images)
        result.launchTemplates = try await observeLaunchTemplates(
            awsTemplates, latestAndDefault: awsTemplateVersions, groups: awsGroups)
        result.launchConfigurations = awsConfigurations.map { observedConfiguration($0, now: now) }
        result.autoScalingGroups = try await observeGroups(
            awsGroups, images: result.images, instances: result.instances)
        try await observeBuilders(result.instances, into: &result)
        result.parameters = try await observeParameters(images: result.images)
        try await lookUpSources(images: result.images, instances: result.instances, into: &result)

        observer.logger.debug(
            "region observed",
            metadata: [
                "region": "\(region)", "images": "\(result.images.count)", "instances": "\(result.instances.count)",
                "launchTemplates": "\(result.launchTemplates.count)", "groups": "\(result.autoScalingGroups.count)",
                "elapsed": "\(ContinuousClock.now - started)",
            ])
        return result
    }
}
