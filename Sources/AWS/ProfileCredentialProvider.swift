import AsyncHTTPClient
import Foundation

/// Credentials from a profile of the shared files: static keys, `credential_process`, or a role assumed via
/// `source_profile` (chained), `credential_source` or `web_identity_token_file`.
///
/// A missing `default` profile (or one without credentials) is "not configured"; a missing named profile is an
/// error. Role assumption needs a `RoleAssuming` client; without one, such a profile fails clearly instead of
/// letting a chain fall through to another identity.
public struct ProfileCredentialProvider: CredentialProvider {
    public let profileName: String
    private let profiles: ProfileSet
    private let environment: [String: String]
    private let httpClient: HTTPClient
    private let sts: (any RoleAssuming)?
    private let region: String?
    private let now: @Sendable () -> Date

    /// Resolves `profileName` in `profiles`; `environment` feeds `credential_process` and `credential_source`;
    /// `region` (else the role's profile `region`, else `us-east-1`) picks the STS endpoint.
    public init(
        profileName: String = "default", profiles: ProfileSet, environment: [String: String],
        httpClient: HTTPClient, sts: (any RoleAssuming)?, region: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.profileName = profileName
        self.profiles = profiles
        self.environment = environment
        self.httpClient = httpClient
        self.sts = sts
        self.region = region
        self.now = now
    }

    public func credentials() async throws -> Credentials {
        let plan = try profiles.credentialPlan(for: profileName)
        if plan.needsSTS, sts == nil {
            throw CredentialError.noSTS("profile \(profileName)", "role_arn")
        }
        do {
            return try await execute(plan)
        } catch let error as CredentialError {
            throw error.reported(as: "profile \(profileName)", nested: true)
        }
    }

    private func execute(_ plan: ProfileCredentialPlan) async throws -> Credentials {
        switch plan {
        case .staticKeys(let credentials):
            return credentials
        case .process(let command):
            return try await CredentialProcessProvider(command: command, environment: environment, now: now)
                .credentials()
        case .credentialSource(let name):
            return try await sourceProvider(name).credentials()
        case .webIdentity(let role, let tokenFile):
            guard let sts else { throw CredentialError.noSTS("profile \(role.profile)", "web_identity_token_file") }
            return try await WebIdentityCredentialProvider(
                roleARN: role.roleARN, tokenFile: tokenFile, sessionName: role.sessionName,
                region: stsRegion(for: role), sts: sts, now: now
            ).credentials()
        case .assumeRole(let role, let source):
            guard let sts else { throw CredentialError.noSTS("profile \(role.profile)", "role_arn") }
            let sourceCredentials = try await execute(source)
            return try await sts.assumeRole(
                roleARN: role.roleARN,
                sessionName: role.sessionName ?? AssumeRoleCredentialProvider.defaultSessionName(now: now()),
                externalID: role.externalID, durationSeconds: role.durationSeconds,
                using: sourceCredentials, region: stsRegion(for: role))
        }
    }

    private func sourceProvider(_ name: String) -> any CredentialProvider {
        switch name {
        case "Ec2InstanceMetadata":
            IMDSCredentialProvider(
                environment: environment, profile: profiles.profile(named: profileName), httpClient: httpClient)
        case "EcsContainer":
            ContainerCredentialProvider(environment: environment, httpClient: httpClient)
        default:
            EnvironmentCredentialProvider(environment: environment)
        }
    }

    private func stsRegion(for role: ProfileCredentialPlan.RoleSettings) -> String {
        region ?? profiles.profile(named: role.profile)?["region"] ?? "us-east-1"
    }
}
