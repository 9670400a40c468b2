import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging
import Testing

/// moto_server (signatures and IAM enforced) behind a FaultProxy, with the lease table and two users.
///
/// The lease user's policy is the `Lease` statement of `deploy/iam/controller-policy.json` — its actions exactly
/// — with `Resource` widened to `*`: moto authorises DynamoDB calls against the resource `*`, so it cannot match
/// the table ARN the deployed policy names.
final class LeaseWorld: Sendable {
    static let table = "kiln-lease"
    static let region = "us-east-1"

    let moto: MotoServer
    let proxy: FaultProxy
    let admin: AWSClient
    let leaseUser: AWSClient

    private init(moto: MotoServer, proxy: FaultProxy, admin: AWSClient, leaseUser: AWSClient) {
        self.moto = moto
        self.proxy = proxy
        self.admin = admin
        self.leaseUser = leaseUser
    }

    static func start() async throws -> LeaseWorld {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 6))
        do {
            let admin = try await moto.createIAMUser(name: "kiln-admin")
            let lease = try await moto.createIAMUser(
                name: "kiln-lease", policy: try leasePolicy(), policyName: "kiln-lease")
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            let world = LeaseWorld(
                moto: moto, proxy: proxy, admin: client(admin, proxy: proxy), leaseUser: client(lease, proxy: proxy))
            try await DynamoDB(client: world.admin, region: region).createTable(name: table, partitionKey: "pk")
            return world
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// A lease held by `holder` through the lease user's client.
    func lease(
        _ name: String, holder: String, clock: any CycleClock, duration: Duration = .seconds(30),
        margin: Duration = .seconds(3)
    ) throws -> DynamoDBLease {
        try DynamoDBLease(
            dynamoDB: DynamoDB(client: leaseUser, region: Self.region),
            configuration: .init(table: Self.table, name: name, duration: duration, clockSkewMargin: margin),
            holder: holder, clock: clock)
    }

    /// The lease item as moto holds it (read by the administrator).
    func item(_ name: String) async throws -> DynamoDB.Item? {
        try await DynamoDB(client: admin, region: Self.region)
            .getItem(tableName: Self.table, key: ["pk": .s(name)], consistentRead: true)
    }

    /// The `Lease` statement of the deployed controller policy, as a policy moto can evaluate.
    static func leasePolicy() throws -> String {
        let statement = try #require(try RepositoryFiles.controllerStatements()["Lease"])
        let document: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Action": RepositoryFiles.actions(of: statement), "Resource": "*"]],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
    }

    private static func client(_ key: MotoAccessKey, proxy: FaultProxy) -> AWSClient {
        let endpoint = proxy.endpoint
        return AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: key.accessKeyId, secretAccessKey: key.secretAccessKey)),
            endpoint: { _, _ in endpoint },
            retryStrategy: RetryStrategy(maxAttempts: 2, random: { 0 }),
            httpClient: .shared,
            logger: Logger(label: "kiln.test.aws"))
    }
}

// MARK: - One world per suite

/// Starts one `LeaseWorld` for a suite and stops it (by PID) when the suite ends.
struct LeaseWorldTrait: SuiteTrait, TestScoping {
    @TaskLocal static var current: LeaseWorld?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let world = try await LeaseWorld.start()
        defer { world.stop() }
        try await Self.$current.withValue(world) { try await function() }
    }

    static func world() throws -> LeaseWorld {
        try #require(current, "the suite needs the .leaseWorld trait")
    }
}

extension Trait where Self == LeaseWorldTrait {
    /// moto with IAM enforced, a FaultProxy and the lease table, shared by the suite.
    static var leaseWorld: LeaseWorldTrait { LeaseWorldTrait() }
}
