import AWS
import Controller
import Foundation
import Logging
import Manifest
import Planner

/// The pieces of one cycle, built from the command line and the environment.
struct CycleSetup {
    let cycle: Cycle
    let client: AWSClient

    /// Builds a cycle over the source, AWS from the environment, and the Cloud layer.
    init(
        source options: SourceOptions, aws: AWSOptions, logger: Logger, planner: PlannerSettings = PlannerSettings(),
        guardrails: Guardrails = Guardrails(), prices: PriceTable = .shipped, accounts: [AccountRole] = []
    ) throws {
        let owner = options.resolvedOwner
        let awsConfiguration = try AWSConfiguration(environment: ProcessInfo.processInfo.environment)
        let client = AWSClient.standard(configuration: awsConfiguration, logger: logger)
        var configuration = Cycle.Configuration(
            owner: owner, extraRegions: Set(aws.extraRegions), guardrails: guardrails)
        configuration.planner.maxConcurrentBakes = planner.maxConcurrentBakes
        configuration.planner.prices = prices
        var cycle = Cycle(source: options.source, client: client, configuration: configuration, logger: logger)
        cycle.accounts = AccountAccess.make(
            roles: accounts, home: client, owner: owner, parameterPrefixes: guardrails.ssmParameterPrefixes,
            stsRegion: awsConfiguration.region ?? "us-east-1", logger: logger)
        self.cycle = cycle
        self.client = client
    }

    /// Shuts the AWS client down.
    func shutdown() async {
        try? await client.shutdown()
    }
}

/// Controller-wide planner settings from the command line.
struct PlannerSettings {
    var maxConcurrentBakes = 2
}
