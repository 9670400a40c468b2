import AWS
import Foundation
import KilnTestSupport
import Synchronization
import Testing

extension AWSIntegrationTests {
    @Suite("STS")
    struct SecurityTokens {
        /// A provider that must not be asked: unsigned calls never need credentials.
        struct RefusingProvider: CredentialProvider {
            struct Asked: Error {}
            func credentials() async throws -> Credentials { throw Asked() }
        }

        @Test("who am I")
        func callerIdentity() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let identity = try await STS(client: client, region: "us-east-1").getCallerIdentity()
                #expect(identity.account == "123456789012")
                #expect(identity.arn.hasSuffix(":user/kiln-admin"))
            }
        }

        @Test("AssumeRole signed with source credentials other than the client's")
        func assumeRoleWithSourceCredentials() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client(environment.limited)) { client in
                let sts = STS(client: client, region: "us-east-1")
                let request = STS.AssumeRoleRequest(
                    roleArn: "arn:aws:iam::123456789012:role/kiln-deployer", roleSessionName: "kiln",
                    externalId: "ops", durationSeconds: 900)
                let denied = await #expect(throws: AWSError.self) { _ = try await sts.assumeRole(request) }
                #expect(denied?.isAccessDenied == true, "the limited user may not assume roles")

                let role = try await sts.assumeRole(request, using: environment.admin)
                #expect(role.credentials.accessKeyID.hasPrefix("ASIA"))
                #expect(role.credentials.sessionToken?.isEmpty == false)
                #expect((role.credentials.expiration ?? .distantPast) > Date())
                #expect(role.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/kiln-deployer/kiln")
            }
        }

        /// moto cannot check an unsigned call once it enforces signatures (it fails looking for `Authorization`),
        /// so this one runs against a moto of its own, through a proxy that records the headers.
        @Test("AssumeRoleWithWebIdentity is sent unsigned")
        func webIdentity() async throws {
            let moto = try await MotoServer.start()
            defer { moto.stop() }
            let proxy = try await FaultProxy.start(upstream: moto.endpoint)
            defer { proxy.stop() }
            let authorization = Mutex<[String?]>([])
            proxy.rewriteResponses(on: .action("AssumeRoleWithWebIdentity")) { call, _ in
                authorization.withLock { $0.append(call.headers.first(name: "Authorization")) }
                return nil
            }
            let client = AWSClient(
                credentialProvider: RefusingProvider(), endpoint: { _, _ in proxy.endpoint }, clock: RecordingClock())
            try await TestClients.with(client) { client in
                let role = try await STS(client: client, region: "us-east-1").assumeRoleWithWebIdentity(
                    .init(
                        roleArn: "arn:aws:iam::123456789012:role/ci", roleSessionName: "pipeline",
                        webIdentityToken: "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"))
                #expect(role.credentials.sessionToken?.isEmpty == false)
                #expect(role.assumedRoleArn?.contains("assumed-role/ci/pipeline") == true)

                let chained = try await (STS(client: client, region: "eu-west-1") as any RoleAssuming)
                    .assumeRoleWithWebIdentity(
                        roleARN: "arn:aws:iam::123456789012:role/ci", sessionName: "chain", token: "eyJ.e30.c2ln",
                        region: "eu-west-1")
                #expect(chained.sessionToken?.isEmpty == false)
            }
            #expect(authorization.withLock { $0 } == [nil, nil])
        }
    }
}
