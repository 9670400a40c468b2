import AWS
import Foundation
import KilnTestSupport
import Testing

extension AWSIntegrationTests {
    /// The transport with the shared configuration: endpoint overrides, profiles, and roles assumed through STS.
    @Suite("Clients from the shared configuration")
    struct FromConfiguration {
        @Test("a profile that assumes a role, an endpoint override, one HTTP client")
        func assumedRoleProfile() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            let directory = try ProcessRunner.makeTemporaryDirectory(prefix: "kiln-aws-config")
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("config")
            let credentials = directory.appendingPathComponent("credentials")
            try """
            [default]
            region = us-east-1

            [profile deployer]
            role_arn = \(AWSEnvironment.role)
            role_session_name = kiln-test
            source_profile = default
            """.write(to: config, atomically: true, encoding: .utf8)
            try """
            [default]
            aws_access_key_id = \(environment.admin.accessKeyID)
            aws_secret_access_key = \(environment.admin.secretAccessKey)
            """.write(to: credentials, atomically: true, encoding: .utf8)
            let configuration = try AWSConfiguration(environment: [
                "AWS_PROFILE": "deployer", "AWS_CONFIG_FILE": config.path,
                "AWS_SHARED_CREDENTIALS_FILE": credentials.path,
                "AWS_ENDPOINT_URL": environment.proxy.endpoint.absoluteString,
            ])
            environment.proxy.resetCalls()
            try await TestClients.with(AWSClient.standard(configuration: configuration)) { client in
                let identity = try await STS(client: client, region: "us-east-1").getCallerIdentity()
                #expect(identity.arn.contains(":assumed-role/kiln-deployer/kiln-test"), "\(identity.arn)")
                let regions = try await EC2(client: client, region: "eu-west-1").describeRegions()
                #expect(!regions.isEmpty)
            }
            #expect(environment.proxy.count(action: "AssumeRole") == 1, "the chain caches the role's credentials")
        }

        @Test("STS conforms to the credential chain's RoleAssuming")
        func roleAssuming() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client(environment.limited)) { client in
                let sts: any RoleAssuming = STS(client: client, region: "us-east-1")
                let provider = AssumeRoleCredentialProvider(
                    roleARN: AWSEnvironment.role, sessionName: "chain", externalID: "ops", durationSeconds: 900,
                    region: "eu-west-1", source: StaticCredentialProvider(environment.admin), sts: sts)
                let assumed = try await provider.credentials()
                #expect(assumed.accessKeyID.hasPrefix("ASIA"))
                #expect(assumed.sessionToken != nil)
            }
            #expect(environment.proxy.calls.last { $0.action == "AssumeRole" }?.region == "eu-west-1")
        }
    }
}
