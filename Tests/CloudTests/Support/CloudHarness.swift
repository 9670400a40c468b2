import AWS
import Cloud
import Foundation
import KilnTestSupport
import Logging
import Testing

/// moto_server behind a FaultProxy, with two IAM users: an administrator that seeds the world and the
/// controller, restricted to `deploy/iam/controller-policy.json`. Signatures and IAM policies are enforced
/// from the first call after the users exist.
final class CloudHarness: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    let adminCredentials: Credentials
    let controllerCredentials: Credentials
    /// Seeds and checks the world (allowed everything).
    let admin: AWSClient
    /// Kiln's view: the controller policy only.
    let controller: AWSClient
    /// Raw signed calls for set-up actions Kiln's AWS module lacks (administrator).
    let query: SignedQuery

    /// The instance profile builders get (created in IAM at start).
    static let instanceProfile = "kiln-builder"

    private init(moto: MotoServer, proxy: FaultProxy, admin: MotoAccessKey, controller: MotoAccessKey) {
        self.moto = moto
        self.proxy = proxy
        self.adminCredentials = Credentials(accessKeyID: admin.accessKeyId, secretAccessKey: admin.secretAccessKey)
        self.controllerCredentials = Credentials(
            accessKeyID: controller.accessKeyId, secretAccessKey: controller.secretAccessKey)
        self.admin = Self.client(adminCredentials, proxy: proxy)
        self.controller = Self.client(controllerCredentials, proxy: proxy)
        self.query = SignedQuery(endpoint: proxy.endpoint, credentials: adminCredentials)
    }

    /// - Parameter indexedEC2Tags: moto looks tags up by resource id (worlds of thousands of AMIs).
    static func start(indexedEC2Tags: Bool = false) async throws -> CloudHarness {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 6, indexedEC2Tags: indexedEC2Tags))
        do {
            let admin = try await moto.createIAMUser(name: "kiln-admin")
            let controller = try await moto.createIAMUser(
                name: "kiln-controller", policy: try MotoServer.evaluablePolicy(controllerPolicy()),
                policyName: "kiln-controller")
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            let harness = CloudHarness(moto: moto, proxy: proxy, admin: admin, controller: controller)
            try await harness.query.call(
                "iam", "CreateInstanceProfile", region: "us-east-1", [("InstanceProfileName", instanceProfile)])
            return harness
        } catch {
            moto.stop()
            throw error
        }
    }

    /// Kiln's executor as the controller; CreateImage leaves snapshot tags to `tagSnapshots` (moto cannot).
    func executor(owner: String) -> Executor {
        Executor(
            client: controller, owner: owner, configuration: Executor.Configuration(tagSnapshotsOnCreateImage: false))
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// A client through the proxy; retries without waiting (the backoff draws zero).
    static func client(_ credentials: Credentials, proxy: FaultProxy, attempts: Int = 4) -> AWSClient {
        let endpoint = proxy.endpoint
        return AWSClient(
            credentialProvider: StaticCredentialProvider(credentials),
            endpoint: { _, _ in endpoint },
            retryStrategy: RetryStrategy(maxAttempts: attempts, random: { 0 }),
            timeout: .seconds(120), httpClient: .shared,
            logger: Logger(label: "kiln.test.aws"))
    }

    /// The controller's least-privilege policy, as deployed.
    static func controllerPolicy() throws -> String {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("deploy/iam/controller-policy.json"), encoding: .utf8)
    }
}

// MARK: - One harness per suite

/// Starts one harness for a suite and stops it (by PID) when the suite ends.
struct CloudWorld: SuiteTrait, TestScoping {
    @TaskLocal static var current: CloudHarness?
    /// moto looks tags up by resource id (see `MotoServer.Configuration.indexedEC2Tags`).
    var indexedEC2Tags = false

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let harness = try await CloudHarness.start(indexedEC2Tags: indexedEC2Tags)
        defer { harness.stop() }
        try await CloudWorld.$current.withValue(harness) { try await function() }
    }

    /// The suite's harness.
    static func harness() throws -> CloudHarness {
        try #require(current, "the suite needs the .cloudWorld trait")
    }
}

extension Trait where Self == CloudWorld {
    /// moto and a FaultProxy for the suite, with IAM enforced.
    static var cloudWorld: CloudWorld { CloudWorld() }

    /// moto (looking tags up by resource id, for worlds of thousands of AMIs) and a FaultProxy for the suite.
    static var largeCloudWorld: CloudWorld { CloudWorld(indexedEC2Tags: true) }
}
