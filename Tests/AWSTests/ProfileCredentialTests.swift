import AsyncHTTPClient
import Foundation
import Testing

@testable import AWS

/// Which credentials a profile resolves to: the plan (pure) and its execution with a recording STS stand-in.
struct ProfileCredentialTests {
    static let files = """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [profile static]
        aws_access_key_id = AKIASTATIC
        aws_secret_access_key = static-secret
        aws_session_token = static-token

        [profile deploy]
        role_arn = arn:aws:iam::111111111111:role/deploy
        source_profile = hop
        external_id = ext-123
        duration_seconds = 900
        role_session_name = kiln-deploy
        region = eu-central-1

        [profile hop]
        role_arn = arn:aws:iam::222222222222:role/hop
        source_profile = static

        [profile keys-and-role]
        role_arn = arn:aws:iam::333333333333:role/ignored-when-used-as-source
        source_profile = nowhere
        aws_access_key_id = AKIAKEYSANDROLE
        aws_secret_access_key = keys-secret

        [profile uses-keys-and-role]
        role_arn = arn:aws:iam::444444444444:role/x
        source_profile = keys-and-role

        [profile self]
        role_arn = arn:aws:iam::555555555555:role/self
        source_profile = self
        aws_access_key_id = AKIASELF
        aws_secret_access_key = self-secret

        [profile loop-a]
        role_arn = arn:aws:iam::666666666666:role/a
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::666666666666:role/b
        source_profile = loop-a

        [profile self-no-keys]
        role_arn = arn:aws:iam::777777777777:role/s
        source_profile = self-no-keys

        [profile from-env]
        role_arn = arn:aws:iam::888888888888:role/env
        credential_source = Environment

        [profile bad-source]
        role_arn = arn:aws:iam::888888888888:role/env
        credential_source = Somewhere

        [profile web]
        role_arn = arn:aws:iam::999999999999:role/web
        web_identity_token_file = /var/run/token
        role_session_name = web-session

        [profile bare-role]
        role_arn = arn:aws:iam::999999999999:role/bare

        [profile half]
        aws_access_key_id = AKIAHALF

        [profile process]
        credential_process = /usr/local/bin/get-creds --account prod

        [profile region-only]
        region = us-east-1

        [profile to-missing]
        role_arn = arn:aws:iam::101010101010:role/m
        source_profile = missing

        [profile to-empty]
        role_arn = arn:aws:iam::101010101010:role/e
        source_profile = region-only

        [profile sso]
        sso_session = corp
        sso_account_id = 123456789012
        """

    static let profiles: ProfileSet = {
        do { return try ProfileSet(config: files, credentials: "") } catch { return ProfileSet() }
    }()

    typealias Plan = ProfileCredentialPlan

    static func role(_ arn: String, _ profile: String, session: String? = nil) -> Plan.RoleSettings {
        .init(roleARN: arn, sessionName: session, externalID: nil, durationSeconds: nil, profile: profile)
    }

    @Test func plans() throws {
        let staticKeys = Credentials(
            accessKeyID: "AKIASTATIC", secretAccessKey: "static-secret", sessionToken: "static-token")
        var deploy = Self.role("arn:aws:iam::111111111111:role/deploy", "deploy", session: "kiln-deploy")
        deploy.externalID = "ext-123"
        deploy.durationSeconds = 900
        let hop = Self.role("arn:aws:iam::222222222222:role/hop", "hop")
        let table: [(String, Plan)] = [
            ("static", .staticKeys(staticKeys)),
            ("deploy", .assumeRole(deploy, source: .assumeRole(hop, source: .staticKeys(staticKeys)))),
            (
                "uses-keys-and-role",
                .assumeRole(
                    Self.role("arn:aws:iam::444444444444:role/x", "uses-keys-and-role"),
                    source: .staticKeys(.init(accessKeyID: "AKIAKEYSANDROLE", secretAccessKey: "keys-secret")))
            ),
            (
                "self",
                .assumeRole(
                    Self.role("arn:aws:iam::555555555555:role/self", "self"),
                    source: .staticKeys(.init(accessKeyID: "AKIASELF", secretAccessKey: "self-secret")))
            ),
            (
                "from-env",
                .assumeRole(
                    Self.role("arn:aws:iam::888888888888:role/env", "from-env"),
                    source: .credentialSource("Environment"))
            ),
            (
                "web",
                .webIdentity(
                    Self.role("arn:aws:iam::999999999999:role/web", "web", session: "web-session"),
                    tokenFile: "/var/run/token")
            ),
            ("process", .process(command: "/usr/local/bin/get-creds --account prod")),
        ]
        for (name, plan) in table {
            #expect(try Self.profiles.credentialPlan(for: name) == plan, "profile \(name)")
        }
    }

    @Test(arguments: [
        ("loop-a", CredentialError.profileCycle, "loop-a -> loop-b -> loop-a"),
        ("self-no-keys", .profileCycle, "self-no-keys -> self-no-keys"),
        ("bare-role", .invalidConfiguration, "source_profile, credential_source or web_identity_token_file"),
        ("bad-source", .invalidConfiguration, "credential_source must be one of"),
        ("half", .invalidConfiguration, "needs both"),
        ("to-missing", .invalidConfiguration, "source_profile missing is not defined"),
        ("to-empty", .invalidConfiguration, "source_profile region-only has no credentials"),
        ("sso", .invalidConfiguration, "not supported"),
        ("region-only", .notConfigured, "has no credentials"),
        ("nobody", .invalidConfiguration, "is not defined"),
    ])
    func planErrors(_ name: String, _ kind: CredentialError, _ message: String) {
        let error = #expect(throws: kind) { try Self.profiles.credentialPlan(for: name) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func missingDefaultProfileIsNotConfigured() {
        #expect(throws: CredentialError.notConfigured) { try ProfileSet().credentialPlan(for: "default") }
    }

    // MARK: - Execution

    func provider(_ name: String, sts: (any RoleAssuming)?, region: String? = nil) -> ProfileCredentialProvider {
        ProfileCredentialProvider(
            profileName: name, profiles: Self.profiles,
            environment: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"],
            httpClient: .shared, sts: sts, region: region, now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    @Test func chainedRolesAreAssumedInOrderWithEachSourcesCredentials() async throws {
        let sts = RecordingRoleAssumer()
        let credentials = try await provider("deploy", sts: sts).credentials()
        #expect(credentials.accessKeyID == "ASIA-deploy")
        let calls = sts.calls.withLock { $0 }
        #expect(
            calls.map(\.roleARN) == ["arn:aws:iam::222222222222:role/hop", "arn:aws:iam::111111111111:role/deploy"])
        #expect(calls.map(\.sourceAccessKey) == ["AKIASTATIC", "ASIA-hop"])
        #expect(calls[1].externalID == "ext-123" && calls[1].durationSeconds == 900)
        #expect(calls.map(\.sessionName) == ["kiln-1800000000", "kiln-deploy"])
        #expect(calls.map(\.region) == ["us-east-1", "eu-central-1"])  // each role's profile region
    }

    @Test func configuredRegionPicksTheSTSEndpoint() async throws {
        let sts = RecordingRoleAssumer()
        _ = try await provider("deploy", sts: sts, region: "ap-northeast-1").credentials()
        #expect(sts.calls.withLock { $0.map(\.region) } == ["ap-northeast-1", "ap-northeast-1"])
    }

    @Test func credentialSourceEnvironmentFeedsAssumeRole() async throws {
        let sts = RecordingRoleAssumer()
        _ = try await provider("from-env", sts: sts).credentials()
        #expect(sts.calls.withLock { $0.map(\.sourceAccessKey) } == ["AKIAENV"])
    }

    @Test func webIdentityProfileReadsItsTokenFile() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", Secret.webToken + "\n")
        let set = try ProfileSet(
            config: "[default]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = \(tokenFile)\n",
            credentials: "")
        let sts = RecordingRoleAssumer()
        let provider = ProfileCredentialProvider(profiles: set, environment: [:], httpClient: .shared, sts: sts)
        #expect(try await provider.credentials().accessKeyID == "ASIA-WEB-w")
        #expect(sts.calls.withLock { $0.map(\.token) } == [Secret.webToken])
    }

    @Test(arguments: ["deploy", "web", "from-env"])
    func roleProfilesWithoutSTSFailClearly(_ name: String) async {
        let error = await #expect(throws: CredentialError.roleAssumptionUnavailable) {
            try await provider(name, sts: nil).credentials()
        }
        #expect(error?.description.contains("RoleAssuming") == true)
    }

    @Test func staticProfilesNeedNoSTS() async throws {
        #expect(try await provider("static", sts: nil).credentials().accessKeyID == "AKIASTATIC")
    }
}
