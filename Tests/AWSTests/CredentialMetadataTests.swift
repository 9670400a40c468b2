import AsyncHTTPClient
import Foundation
import Testing

@testable import AWS

/// The instance-metadata (IMDSv2) and container sources against a strict loopback server.
struct CredentialMetadataTests {
    // MARK: - IMDSv2

    @Test func imdsFetchesATokenFirstAndSendsItOnEveryRead() async throws {
        let server = try MetadataServer.start()
        defer { server.stop() }
        let provider = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"], httpClient: .shared)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAMETADATA")
        #expect(credentials.secretAccessKey == Secret.key)
        #expect(credentials.sessionToken == Secret.token)
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))

        let log = try await server.requestLog()
        #expect(log.map(\.method) == ["PUT", "GET", "GET"])
        let expectedPaths = [
            IMDSCredentialProvider.tokenPath, IMDSCredentialProvider.rolePath,
            IMDSCredentialProvider.rolePath + "kiln-role",
        ]
        #expect(log.map(\.path) == expectedPaths)
        #expect(log.dropFirst().allSatisfy { $0.validToken })
    }

    @Test func theFakeRefusesReadsWithoutAToken() async throws {
        // Guards the test above: an IMDSv1-style read (no token) must fail, so a v1 fallback cannot pass.
        let server = try MetadataServer.start()
        defer { server.stop() }
        let request = HTTPClientRequest(url: server.baseURL + IMDSCredentialProvider.rolePath)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        #expect(response.status.code == 401)
    }

    @Test func imdsIsOffWhenDisabled() async throws {
        let server = try MetadataServer.start()
        defer { server.stop() }
        let provider = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL, "AWS_EC2_METADATA_DISABLED": "TRUE"],
            httpClient: .shared)
        await #expect(throws: CredentialError.notConfigured) { try await provider.credentials() }
        let log = try await server.requestLog()
        #expect(log.isEmpty)
    }

    @Test func imdsWithoutARoleOrServiceIsNotConfigured() async throws {
        var config = MetadataServerConfig()
        config.role = nil
        let server = try MetadataServer.start(config)
        defer { server.stop() }
        let noRole = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL], httpClient: .shared)
        await #expect(throws: CredentialError.notConfigured) { try await noRole.credentials() }

        let unreachable = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"], httpClient: .shared)
        await #expect(throws: CredentialError.notConfigured) { try await unreachable.credentials() }
    }

    @Test func imdsEndpointSettings() {
        let client = HTTPClient.shared
        #expect(IMDSCredentialProvider(environment: [:], httpClient: client).endpoint == "http://169.254.169.254")
        let ipv6 = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], httpClient: client)
        #expect(ipv6.endpoint == "http://[fd00:ec2::254]")
        let fromProfile = IMDSCredentialProvider(
            environment: [:], profile: Profile(name: "p", properties: ["ec2_metadata_service_endpoint": "http://x/"]),
            httpClient: client)
        #expect(fromProfile.endpoint == "http://x")
    }

    // MARK: - Container

    @Test func containerFullURISendsTheAuthorizationToken() async throws {
        var config = MetadataServerConfig()
        config.containerAuth = Secret.authToken
        let server = try MetadataServer.start(config)
        defer { server.stop() }
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + config.containerPath,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.authToken,
            ], httpClient: .shared)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAMETADATA")
        #expect(credentials.sessionToken == Secret.token)
        let log = try await server.requestLog()
        #expect(log.map(\.authorization) == [Secret.authToken])
    }

    @Test func containerTokenFileWinsAndFailuresDoNotShowIt() async throws {
        var config = MetadataServerConfig()
        config.containerAuth = Secret.authToken
        let server = try MetadataServer.start(config)
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Secret.authToken + "\n")
        var environment = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + config.containerPath,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-set",
        ]
        _ = try await ContainerCredentialProvider(environment: environment, httpClient: .shared).credentials()

        environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = nil
        environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = Secret.authToken + "-wrong"
        let error = await #expect(throws: CredentialError.retrievalFailed) {
            try await ContainerCredentialProvider(environment: environment, httpClient: .shared).credentials()
        }
        #expect(error?.description.contains("401") == true)
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func containerMalformedDocumentDoesNotLeakIt() async throws {
        var config = MetadataServerConfig()
        config.rawDocument = "{\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"\(Secret.key)\", \"Expiration\": 7"
        let server = try MetadataServer.start(config)
        defer { server.stop() }
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + config.containerPath],
            httpClient: .shared)
        let error = await #expect(throws: CredentialError.invalidConfiguration) { try await provider.credentials() }
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/creds", true), ("http://127.1.2.3/creds", true), ("http://[::1]:80/c", true),
        ("http://localhost/c", true), ("http://169.254.170.2/v2/c", true), ("http://169.254.170.23/v1/c", true),
        ("http://[fd00:ec2::23]/c", true), ("https://credentials.example.com/c", true),
        ("http://10.0.0.1/creds", false), ("http://example.com/creds", false), ("http://127.0.0.1.evil.com/", false),
        ("ftp://127.0.0.1/c", false), ("/relative/only", false),
    ])
    func containerFullURIHosts(_ uri: String, _ allowed: Bool) {
        let accepted = (try? ContainerCredentialProvider.validate(fullURI: uri)) != nil
        #expect(accepted == allowed)
    }

    @Test func containerRelativeURIGoesToTheECSAddressAndWins() async throws {
        let server = try MetadataServer.start()
        defer { server.stop() }
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL + MetadataServerConfig().containerPath,
            ], httpClient: .shared, timeout: .milliseconds(300))
        // Only loopback is reachable here, so the ECS address fails; the point is which address was used.
        let error = await #expect(throws: CredentialError.retrievalFailed) { try await provider.credentials() }
        #expect(error?.description.contains("http://169.254.170.2") == true)
        let log = try await server.requestLog()
        #expect(log.isEmpty)
    }

    @Test func containerIsNotConfiguredWithoutItsVariables() async {
        let provider = ContainerCredentialProvider(environment: [:], httpClient: .shared)
        await #expect(throws: CredentialError.notConfigured) { try await provider.credentials() }
    }
}
