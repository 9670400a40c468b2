import AWS
import Foundation
import Logging
import Planner

// MARK: - Observer

/// Reads what exists in AWS into the planner's `ActualState`: one region at a time per task, several
/// regions at once.
///
/// In a steady state (no bake, no prune) the number of calls per region depends on pages only: never on
/// the number of images, launch templates or parameters (see ``Configuration/pageSizes``), only on the
/// distribute accounts and the launch templates groups pin by version number.
public struct Observer: Sendable {
    /// How an observation runs.
    public struct Configuration: Sendable {
        /// Regions observed at once.
        public var maxConcurrentRegions: Int
        /// Calls in flight at once within one region (launch template versions, SSM, parameters).
        public var maxConcurrentCalls: Int
        /// Characters of a step's output kept (the end of stdout, then stderr).
        public var outputTailCharacters: Int
        /// Where the parameters Kiln may publish live (`guardrails.ssmParameterPrefixes`): read a page at a time
        /// with `GetParametersByPath` when a prefix ends a path level (`/kiln/`).
        public var parameterPrefixes: [String]
        /// Items asked for per page of each listing.
        public var pageSizes: PageSizes

        /// Creates a configuration (4 regions, 4 calls per region, 4000 characters of output, parameters under
        /// `/kiln/`, the largest pages each API allows).
        public init(
            maxConcurrentRegions: Int = 4, maxConcurrentCalls: Int = 4, outputTailCharacters: Int = 4000,
            parameterPrefixes: [String] = ["/kiln/"], pageSizes: PageSizes = PageSizes()
        ) {
            self.maxConcurrentRegions = maxConcurrentRegions
            self.maxConcurrentCalls = maxConcurrentCalls
            self.outputTailCharacters = outputTailCharacters
            self.parameterPrefixes = parameterPrefixes
            self.pageSizes = pageSizes
        }
    }

    /// `MaxResults` of the listings whose length grows with the repository.
    public struct PageSizes: Sendable, Equatable {
        /// `DescribeImages` and `DescribeSnapshots` (5–1,000).
        public var images: Int
        /// `DescribeLaunchTemplates` and `DescribeLaunchTemplateVersions` (1–200).
        public var launchTemplates: Int
        /// `GetParametersByPath` (1–10).
        public var parameters: Int

        /// The largest page each API allows, except images and snapshots: 250 a page, because a page is decoded as
        /// one XML tree held whole (two pages of 1,000 AMIs held 50 MB at the daemon's peak).
        public init(images: Int = 250, launchTemplates: Int = 200, parameters: Int = 10) {
            self.images = images
            self.launchTemplates = launchTemplates
            self.parameters = parameters
        }
    }

    let client: AWSClient
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - client: the transport (credentials, endpoints, retries).
    ///   - configuration: concurrency and output limits.
    ///   - logger: debug lines per region; never a secret, never a parameter value.
    ///   - now: the time given to resources AWS sends without a timestamp (so they count as young).
    public init(
        client: AWSClient, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kiln.cloud.observer"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Observes every region in `regions`: a region whose observation fails lands in `failedRegions`
    /// (its error in `regionFailures`) and never hides the others.
    ///
    /// The account Kiln runs in (STS GetCallerIdentity, one call per observation) goes into
    /// `ActualState.accountId`: AMIs are Kiln's only in that account. When it cannot be read, every region
    /// counts as failed, so nothing is decided on a guess.
    public func observe(regions: [String], desired: DesiredState) async -> Observation {
        let unique = Array(Set(regions)).sorted()
        let account: String
        switch await callerAccount(regions: unique) {
        case .success(let found): account = found
        case .failure(let failure):
            logger.warning("account could not be read", metadata: ["error": "\(failure.label)"])
            return Self.merge(
                regions: unique,
                results: Dictionary(
                    uniqueKeysWithValues: unique.map { ($0, Result<RegionObservation, CloudError>.failure(failure)) }))
        }
        var observation = await observeRegions(unique, desired: desired, account: account)
        observation.actual.accountId = account
        await addVersionHistories(to: &observation, desired: desired)
        return observation
    }

    /// STS GetCallerIdentity, asked of each region's endpoint in turn until one answers (one call when the
    /// first does): a region that cannot be reached does not hide the account from the others.
    private func callerAccount(regions: [String]) async -> Result<String, CloudError> {
        var last = CloudError.unexpected("no region to ask", operation: "getCallerIdentity", region: "")
        for region in regions.isEmpty ? ["us-east-1"] : regions {
            do {
                return .success(try await STS(client: client, region: region).getCallerIdentity().account)
            } catch {
                last = CloudError.wrap(error, operation: "getCallerIdentity", region: region)
            }
        }
        return .failure(last)
    }

    private func observeRegions(_ unique: [String], desired: DesiredState, account: String) async -> Observation {
        let limit = max(1, configuration.maxConcurrentRegions)
        var results: [String: Result<RegionObservation, CloudError>] = [:]
        await withTaskGroup(of: (String, Result<RegionObservation, CloudError>).self) { group in
            var pending = unique.makeIterator()
            func startNext() {
                guard let region = pending.next() else { return }
                group.addTask { (region, await observeRegion(region, desired: desired, account: account)) }
            }
            for _ in 0..<limit { startNext() }
            for await (region, result) in group {
                results[region] = result
                startNext()
            }
        }
        return Self.merge(regions: unique, results: results)
    }

    private func observeRegion(
        _ region: String, desired: DesiredState, account: String
    ) async -> Result<RegionObservation, CloudError> {
        do {
            let observation = try await RegionObserver(
                observer: self, region: region, desired: desired, account: account
            ).run()
            return .success(observation)
        } catch {
            let failure = CloudError.wrap(error, operation: "observe", region: region)
            logger.warning(
                "region observation failed",
                metadata: ["region": "\(region)", "error": "\(failure.label)", "detail": "\(failure)"])
            return .failure(failure)
        }
    }

    static func merge(regions: [String], results: [String: Result<RegionObservation, CloudError>]) -> Observation {
        var actual = ActualState(observedRegions: Set(regions))
        var failures: [String: CloudError] = [:]
        var lookupFailures: [SourceLookupFailure] = []
        for region in regions {
            switch results[region] {
            case .success(let observed)?:
                observed.add(to: &actual)
                lookupFailures += observed.lookupFailures
            case .failure(let error)?:
                actual.failedRegions.insert(region)
                failures[region] = error
            case nil:
                actual.failedRegions.insert(region)
                failures[region] = .unexpected("not observed", operation: "observe", region: region)
            }
        }
        return Observation(actual: actual, regionFailures: failures, lookupFailures: lookupFailures)
    }
}
