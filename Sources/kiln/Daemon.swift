import AWS
import ArgumentParser
import Cloud
import Controller
import Foundation
import Logging
import Redaction

/// `kiln daemon`: the GitOps loop, status written back as commits, and the HTTP endpoints.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Reconcile a branch continuously: poll and webhooks, status commits, /healthz /readyz /metrics.",
        discussion: """
            Settings come from --config FILE (YAML), then KILN_… environment variables, then flags, each \
            overriding the one before; every setting has all three forms (see deploy/kiln.example.yaml). \
            Without a file, --repo is enough: kiln daemon --repo git@github.com:acme/images.git \
            --known-hosts ~/.ssh/known_hosts --ssh-agent. AWS credentials come from the standard AWS \
            environment. SIGTERM or SIGINT stop it gracefully: the AWS call in flight finishes, the rest waits \
            for the next start, which resumes from what it observes. Exit status: 0 after a graceful stop, 64 \
            for a configuration error, 1 otherwise.
            """)

    @Option(help: "A YAML configuration file.")
    var config: String?

    @OptionGroup var settings: DaemonFlags

    func run() async throws {
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(
                file: config, environment: ProcessInfo.processInfo.environment, flags: settings.values)
        } catch {
            FileHandle.standardError.write(Data(Redaction.redact("kiln daemon: \(error)\n").utf8))
            throw KilnExitCode.usage
        }
        let logger = DaemonRuntime.bootstrapLogging(configuration.log)
        let registry = DaemonRuntime.bootstrapMetrics()
        var environment = ProcessInfo.processInfo.environment
        if let profile = configuration.aws.profile { environment["AWS_PROFILE"] = profile }
        let client: AWSClient
        let awsConfiguration: AWSConfiguration
        do {
            awsConfiguration = try AWSConfiguration(environment: environment)
            client = AWSClient.standard(configuration: awsConfiguration, logger: logger)
        } catch {
            logger.critical("cannot set up AWS", metadata: ["error": "\(error)"])
            throw KilnExitCode.failure
        }
        var failed = false
        do {
            let owner = configuration.resolvedOwner
            var cycleConfiguration = Cycle.Configuration(owner: owner, extraRegions: Set(configuration.aws.regions))
            cycleConfiguration.planner.maxConcurrentBakes = configuration.bakeConcurrency
            cycleConfiguration.guardrails = configuration.guardrails
            cycleConfiguration.planner.prices = configuration.pricing
            var reconciler = CycleReconciler(
                observer: CloudObserver(
                    Observer(
                        client: client,
                        configuration: .init(parameterPrefixes: configuration.guardrails.ssmParameterPrefixes),
                        logger: logger)),
                executor: Executor(client: client, owner: owner, logger: logger),
                configuration: cycleConfiguration, logger: logger)
            reconciler.accounts = AccountAccess.make(
                roles: configuration.accounts, home: client, owner: owner,
                parameterPrefixes: configuration.guardrails.ssmParameterPrefixes,
                stsRegion: awsConfiguration.region ?? "us-east-1", logger: logger)
            let leaseRegion = configuration.lease.region ?? awsConfiguration.region ?? configuration.aws.regions.first
            let runtime = try DaemonRuntime(
                configuration: configuration, reconciler: reconciler, registry: registry,
                leaseTable: leaseRegion.map { DynamoDB(client: client, region: $0) }, awsClient: client, logger: logger)
            try await runtime.run()
        } catch {
            logger.critical("kiln daemon stopped", metadata: ["error": "\(error)"])
            failed = true
        }
        try? await client.shutdown()
        if failed { throw KilnExitCode.failure }
    }
}
