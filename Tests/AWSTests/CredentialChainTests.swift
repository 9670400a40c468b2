import AsyncHTTPClient
import Foundation
import Synchronization
import Testing

@testable import AWS

/// The standard chain's order and the chain's rules (skip what is not configured, stop on real failures,
/// stick with the source that worked).
struct CredentialChainTests {
    /// An environment in which IMDS is off and no shared files exist, plus `extra`.
    static func environment(_ directory: TemporaryDirectory, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": directory.url.path, "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
    }

    static func chain(
        _ environment: [String: String], sts: (any RoleAssuming)? = RecordingRoleAssumer()
    ) throws -> CredentialChain {
        let configuration = try AWSConfiguration(environment: environment)
        return CredentialChain.standard(
            environment: environment, profiles: configuration.profiles, profileName: configuration.profile.name,
            region: configuration.region, httpClient: .shared, sts: sts)
    }

    static let envKeys = ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"]

    @Test func environmentComesFirst() async throws {
        let directory = try TemporaryDirectory()
        try directory.write(".aws/credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n")
        let chain = try Self.chain(Self.environment(directory, Self.envKeys.merging(["AWS_SESSION_TOKEN": "t"]) { $1 }))
        let credentials = try await chain.credentials()
        #expect(credentials.accessKeyID == "AKIAENV" && credentials.sessionToken == "t")
        #expect(await chain.resolvedSourceIndex == 0)
    }

    @Test func thenTheProfileNamedByAWSProfile() async throws {
        let directory = try TemporaryDirectory()
        try directory.write(".aws/credentials", "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = s\n")
        try directory.write(".aws/config", "[profile ci]\nregion = eu-west-3\n")
        let chain = try Self.chain(Self.environment(directory, ["AWS_PROFILE": "ci"]))
        #expect(try await chain.credentials().accessKeyID == "AKIACI")
        #expect(await chain.resolvedSourceIndex == 1)
    }

    @Test func thenWebIdentityFromTheEnvironment() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Secret.webToken)
        let sts = RecordingRoleAssumer()
        let chain = try Self.chain(
            Self.environment(
                directory,
                [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/pod",
                    "AWS_ROLE_SESSION_NAME": "pod-session", "AWS_REGION": "eu-west-2",
                ]), sts: sts)
        #expect(try await chain.credentials().accessKeyID == "ASIA-WEB-pod")
        #expect(await chain.resolvedSourceIndex == 2)
        let call = try #require(sts.calls.withLock { $0.first })
        #expect(
            call
                == .init(
                    kind: "WebIdentity", roleARN: "arn:aws:iam::1:role/pod", sessionName: "pod-session",
                    token: Secret.webToken, region: "eu-west-2"))
    }

    @Test func thenTheContainerEndpointThenIMDS() async throws {
        let directory = try TemporaryDirectory()
        let server = try MetadataServer.start()
        defer { server.stop() }
        let container = try Self.chain(
            Self.environment(
                directory,
                [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + MetadataServerConfig().containerPath
                ]))
        #expect(try await container.credentials().accessKeyID == "ASIAMETADATA")
        #expect(await container.resolvedSourceIndex == 3)

        let imds = try Self.chain(
            Self.environment(
                directory,
                [
                    "AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL,
                ]))
        #expect(try await imds.credentials().accessKeyID == "ASIAMETADATA")
        #expect(await imds.resolvedSourceIndex == 4)
    }

    @Test func nothingConfiguredListsEverySourceWithoutSecrets() async throws {
        let directory = try TemporaryDirectory()
        let chain = try Self.chain(Self.environment(directory))
        let error = await #expect(throws: CredentialError.noCredentials) { try await chain.credentials() }
        let text = String(describing: error)
        for source in ["environment", "profile default", "web identity", "container credentials", "instance metadata"] {
            #expect(text.contains(source), "\(source) missing from \(text)")
        }
    }

    @Test func aBrokenConfiguredSourceStopsTheChain() async throws {
        let directory = try TemporaryDirectory()
        let partial = try Self.chain(Self.environment(directory, ["AWS_SECRET_ACCESS_KEY": Secret.key]))
        let error = await #expect(throws: CredentialError.invalidConfiguration) { try await partial.credentials() }
        Secret.expectAbsent(in: String(describing: error))

        try directory.write(
            ".aws/config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n")
        let noSTS = try Self.chain(Self.environment(directory, Self.envKeys.mapValues { _ in "" }), sts: nil)
        await #expect(throws: CredentialError.roleAssumptionUnavailable) { try await noSTS.credentials() }
    }

    @Test func webIdentityWithoutSTSFailsInsteadOfFallingThrough() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Secret.webToken)
        let chain = try Self.chain(
            Self.environment(
                directory, ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/p"]),
            sts: nil)
        let error = await #expect(throws: CredentialError.roleAssumptionUnavailable) { try await chain.credentials() }
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func theChainSticksWithTheSourceThatWorked() async throws {
        let skipped = CountingProvider(result: .failure(CredentialError.notConfigured("first", "not here")))
        let working = CountingProvider(result: .success(.init(accessKeyID: "AKIA2", secretAccessKey: "s")))
        let never = CountingProvider(result: .success(.init(accessKeyID: "AKIA3", secretAccessKey: "s")))
        let chain = CredentialChain([skipped, working, never])
        for _ in 0..<3 { #expect(try await chain.credentials().accessKeyID == "AKIA2") }
        #expect(skipped.calls == 1 && working.calls == 3 && never.calls == 0)
    }
}

/// Returns a fixed result and counts calls.
final class CountingProvider: CredentialProvider {
    private let count = Mutex(0)
    private let result: Result<Credentials, CredentialError>

    init(result: Result<Credentials, CredentialError>) { self.result = result }

    var calls: Int { count.withLock { $0 } }

    func credentials() async throws -> Credentials {
        count.withLock { $0 += 1 }
        return try result.get()
    }
}
