import AWS
import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import Planner
import Testing

/// moto (no signature checks) behind a FaultProxy, the lease table, the builders' instance profile, and a bare
/// git repository holding one image manifest: what several daemons share.
final class DaemonWorld: Sendable {
    static let region = "us-east-1"
    static let owner = "kiln-ops-test"

    let moto: MotoServer
    let proxy: FaultProxy
    let client: AWSClient
    let fixture: GitFixture
    let remote: GitFixture.Repository
    let work: GitFixture.Repository

    private init(
        moto: MotoServer, proxy: FaultProxy, client: AWSClient, fixture: GitFixture, remote: GitFixture.Repository,
        work: GitFixture.Repository
    ) {
        self.moto = moto
        self.proxy = proxy
        self.client = client
        self.fixture = fixture
        self.remote = remote
        self.work = work
    }

    static func start(manifest: String) async throws -> DaemonWorld {
        let moto = try await MotoServer.start()
        do {
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            let endpoint = proxy.endpoint
            let client = AWSClient(
                credentialProvider: StaticCredentialProvider(
                    Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
                endpoint: { _, _ in endpoint }, retryStrategy: RetryStrategy(maxAttempts: 2, random: { 0 }),
                timeout: .seconds(120), httpClient: .shared, logger: Logger(label: "kiln.test.aws"))
            try await DynamoDB(client: client, region: region).createTable(name: "kiln-lease", partitionKey: "pk")
            try await Boto.run(
                "iam = client('iam'); iam.create_instance_profile(InstanceProfileName='kiln-builder')",
                endpoint: moto.endpoint)
            let fixture = try GitFixture()
            let remote = try fixture.makeBareRepository("images.git")
            let work = try fixture.clone(remote, as: "work")
            try work.commit(["manifests/web.yaml": manifest], message: "Add web")
            try work.git("push", "-q", "origin", "HEAD:main")
            proxy.resetCalls()
            return DaemonWorld(moto: moto, proxy: proxy, client: client, fixture: fixture, remote: remote, work: work)
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// A daemon of this world with its own cache directory, holding `lease`, on `clock`.
    func daemon(_ name: String, lease: any LeaseProvider, clock: any CycleClock) throws -> Daemon {
        var configuration = DaemonConfiguration()
        configuration.repository.url = remote.fileURL
        configuration.owner = Self.owner
        configuration.cacheDirectory = fixture.path("cache-\(name)")
        configuration.poll.recheck = .seconds(1)
        configuration.poll.backoffInitial = .seconds(1)
        configuration.poll.backoffMax = .seconds(2)
        let logger = Logger(label: "kiln.test.\(name)") { _ in SwiftLogNoOpLogHandler() }
        let cycle = Cycle.Configuration(owner: Self.owner, planner: PlannerConfiguration(snapshotGracePeriod: 0))
        let reconciler = CycleReconciler(
            observer: CloudObserver(Observer(client: client, logger: logger, now: { clock.now() })),
            executor: Executor(
                client: client, owner: Self.owner, configuration: .init(tagSnapshotsOnCreateImage: false),
                logger: logger),
            configuration: cycle, clock: clock, logger: logger)
        return try DaemonRuntime(
            configuration: configuration, reconciler: reconciler, registry: nil, lease: lease, clock: clock,
            logger: logger
        ).daemon
    }

    /// Kiln's AMIs of `image` (any state but deregistered).
    func images(_ image: String) async throws -> [EC2.Image] {
        try await EC2(client: client, region: Self.region).describeImages(
            .init(owners: ["self"], filters: [.init(name: "tag:kiln:image", values: [image])]))
    }

    /// Builder instances not terminated.
    func liveBuilders() async throws -> [EC2.Instance] {
        try await EC2(client: client, region: Self.region).describeInstances(
            .init(filters: [
                .init(name: "tag:kiln:role", values: ["builder"]),
                .init(name: "instance-state-name", values: ["pending", "running", "stopping", "stopped"]),
            ]))
    }
}

/// Runs boto3 against moto for set-up and checks that do not go through Kiln.
enum Boto {
    /// Runs `body` (Python; `client(service, region)` makes a boto3 client) and returns what it printed.
    @discardableResult
    static func run(
        _ body: String, endpoint: URL, accessKey: String = "testing", secretKey: String = "testing",
        extra: [String: String] = [:]
    ) async throws -> String {
        let script = """
            import os, boto3
            def client(service, region='us-east-1'):
                return boto3.client(service, region_name=region, endpoint_url=os.environ['KILN_MOTO_ENDPOINT'])
            \(body)
            """
        let environment = [
            "KILN_MOTO_ENDPOINT": endpoint.absoluteString, "AWS_ACCESS_KEY_ID": accessKey,
            "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ].merging(extra) { _, new in new }
        let output = try await ProcessRunner.run("python3", ["-c", script], environment: environment)
        try #require(output.status == 0, "boto3 failed: \(output.stderr.suffix(600))")
        return output.stdout
    }
}

/// Manifests the operational tests commit.
enum OpsManifests {
    /// An image built from moto's Amazon Linux 2023 with one provision step.
    static func image(_ name: String = "web", version: String = "1.0.0", provision: String = "echo provisioning")
        -> String
    {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          version: \(version)
          source:
            filter: {name: "al2023-ami-2023.*-kernel-6.1-x86_64", owners: [amazon]}
          build:
            region: us-east-1
            instanceType: t3.micro
            instanceProfile: kiln-builder
          provision:
            - name: install
              run: \(provision)
          retention: {keep: 3, minAge: 7d}

        """
    }
}
