import Foundation
import Testing

@testable import AWS

/// Secrets never show in descriptions, dumps or errors (more checks sit beside each source's tests).
struct CredentialSecretTests {
    static let credentials = Credentials(
        accessKeyID: "AKIAVISIBLE", secretAccessKey: Secret.key, sessionToken: Secret.token,
        expiration: Date(timeIntervalSince1970: 1_900_000_000))

    @Test func credentialsDescribeAndDumpRedacted() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        for text in [
            "\(Self.credentials)", String(reflecting: Self.credentials), dumped, "\([Self.credentials])",
            String(describing: Optional(Self.credentials)),
        ] {
            Secret.expectAbsent(in: text)
            #expect(text.contains("AKIAVISIBLE"))
        }
    }

    @Test func environmentErrorsNameVariablesNotValues() async {
        let onlySecret = EnvironmentCredentialProvider(environment: [
            "AWS_SECRET_ACCESS_KEY": Secret.key, "AWS_SESSION_TOKEN": Secret.token,
        ])
        let error = await #expect(throws: CredentialError.invalidConfiguration) { try await onlySecret.credentials() }
        #expect(error?.description.contains("AWS_ACCESS_KEY_ID") == true)
        Secret.expectAbsent(in: String(describing: error))

        let badExpiry = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": Secret.key, "AWS_CREDENTIAL_EXPIRATION": Secret.token,
        ])
        let expiryError = await #expect(throws: CredentialError.invalidConfiguration) {
            try await badExpiry.credentials()
        }
        Secret.expectAbsent(in: String(describing: expiryError))
    }

    @Test func profileErrorsNameKeysNotValues() async throws {
        let set = try ProfileSet(
            config: "",
            credentials: "[default]\naws_secret_access_key = \(Secret.key)\naws_session_token = \(Secret.token)\n")
        let provider = ProfileCredentialProvider(profiles: set, environment: [:], httpClient: .shared, sts: nil)
        let error = await #expect(throws: CredentialError.invalidConfiguration) { try await provider.credentials() }
        Secret.expectAbsent(in: String(describing: error))
    }

    @Test func webIdentityErrorsNeverShowTheToken() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Secret.webToken)
        let environment = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"]
        let provider = WebIdentityCredentialProvider(environment: environment, sts: nil)
        let error = await #expect(throws: CredentialError.roleAssumptionUnavailable) {
            try await provider.credentials()
        }
        Secret.expectAbsent(in: String(describing: error))

        let missing = WebIdentityCredentialProvider(
            environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile + "-gone", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"],
            sts: RecordingRoleAssumer())
        await #expect(throws: CredentialError.retrievalFailed) { try await missing.credentials() }
    }

    @Test func errorKindsCompareByKindOnly() {
        #expect(CredentialError.invalid("a", "x") == .invalidConfiguration)
        #expect(CredentialError.invalid("a", "x") != .notConfigured)
        #expect(CredentialError.notConfigured("a", "x").isNotConfigured)
        #expect(ConfigurationError.invalidRegion("x", from: "y") == .invalidRegion)
    }
}
