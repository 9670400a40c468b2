import AWS
import Foundation
import KilnTestSupport
import Testing

/// One moto_server with signatures and IAM enforced, a fault proxy in front of it, and two IAM users.
struct AWSEnvironment: Sendable {
    let moto: MotoServer
    let proxy: FaultProxy
    /// Allowed everything.
    let admin: Credentials
    /// Allowed `ec2:Describe*` and `ec2:CreateTags` only.
    let limited: Credentials

    static let limitedPolicy = """
        {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:CreateTags"], "Resource": "*"}]}
        """
    /// Set-up calls moto serves before it checks signatures: two users (3 calls each), an instance profile, a role
    /// and its policy.
    static let setUpCalls = 9
    static let instanceProfile = "kiln-builder"
    /// A role anyone may assume, allowed everything.
    static let role = "arn:aws:iam::123456789012:role/kiln-deployer"

    static func start() async throws -> AWSEnvironment {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: setUpCalls))
        do {
            let admin = try await moto.createIAMUser(name: "kiln-admin")
            let limited = try await moto.createIAMUser(
                name: "kiln-limited", policy: limitedPolicy, policyName: "describe-and-tag")
            try await createProfileAndRole(moto)
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            return AWSEnvironment(
                moto: moto, proxy: proxy,
                admin: Credentials(accessKeyID: admin.accessKeyId, secretAccessKey: admin.secretAccessKey),
                limited: Credentials(accessKeyID: limited.accessKeyId, secretAccessKey: limited.secretAccessKey))
        } catch {
            moto.stop()
            throw error
        }
    }

    func stop() {
        proxy.stop()
        moto.stop()
    }

    /// A client reaching every service through the proxy (or straight at moto), signing as `credentials`.
    func client(
        _ credentials: Credentials? = nil, throughProxy: Bool = true, retry: RetryStrategy = RetryStrategy(),
        clock: RecordingClock = RecordingClock(), timeout: Duration = .seconds(30)
    ) -> AWSClient {
        TestClients.client(
            endpoint: throughProxy ? proxy.endpoint : moto.endpoint, credentials: credentials ?? admin, retry: retry,
            clock: clock, timeout: timeout)
    }

    private static func createProfileAndRole(_ moto: MotoServer) async throws {
        let script = """
            import json, os, boto3
            iam = boto3.client("iam", endpoint_url=os.environ["KILN_MOTO_ENDPOINT"], region_name="us-east-1")
            iam.create_instance_profile(InstanceProfileName=os.environ["KILN_PROFILE"])
            trust = {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
            iam.create_role(RoleName="kiln-deployer", AssumeRolePolicyDocument=json.dumps(trust))
            allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            iam.put_role_policy(RoleName="kiln-deployer", PolicyName="all", PolicyDocument=json.dumps(allow))
            """
        let output = try await ProcessRunner.run(
            "python3", ["-c", script],
            environment: [
                "KILN_MOTO_ENDPOINT": moto.endpoint.absoluteString, "KILN_PROFILE": instanceProfile,
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        try #require(output.status == 0, "creating the profile and role failed: \(output.stderr.suffix(300))")
    }
}

/// Starts one `AWSEnvironment` for a suite and everything nested in it.
struct AWSEnvironmentTrait: SuiteTrait, TestScoping {
    @TaskLocal static var current: AWSEnvironment?

    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let environment = try await AWSEnvironment.start()
        defer { environment.stop() }
        try await Self.$current.withValue(environment) { try await function() }
    }

    /// The environment of the running suite.
    static func environment() throws -> AWSEnvironment {
        try #require(current, "the suite needs the .awsEnvironment trait")
    }
}

extension Trait where Self == AWSEnvironmentTrait {
    /// moto with IAM enforced, a fault proxy, an admin and a limited user, shared by the suite.
    static var awsEnvironment: AWSEnvironmentTrait { AWSEnvironmentTrait() }
}

/// Every test that talks to moto, run one at a time against one shared environment.
@Suite("AWS against moto", .serialized, .awsEnvironment)
struct AWSIntegrationTests {}
