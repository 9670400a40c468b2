import AsyncHTTPClient
import Foundation

/// Tries credential sources in order and sticks with the first that gives credentials.
///
/// A source that is not configured (`CredentialError.isNotConfigured`) is skipped; any other failure of a
/// configured source stops the search and is thrown, so a broken profile never silently falls through to a
/// different identity. Once a source has worked, later calls go straight to it. Wrap the chain in a
/// `CachingCredentialProvider` (as `AWSConfiguration.credentialProvider` does).
public actor CredentialChain: CredentialProvider {
    private let sources: [any CredentialProvider]
    private var chosen: Int?

    /// The sources, in the order they are tried.
    public init(_ sources: [any CredentialProvider]) {
        self.sources = sources
    }

    /// The index of the source that worked, once one has (for tests and diagnostics).
    public var resolvedSourceIndex: Int? { chosen }

    public func credentials() async throws -> Credentials {
        if let chosen { return try await sources[chosen].credentials() }
        var reasons: [String] = []
        for (index, source) in sources.enumerated() {
            do {
                let credentials = try await source.credentials()
                chosen = chosen ?? index
                return credentials
            } catch let error as CredentialError where error.isNotConfigured {
                reasons.append(error.description)
            }
        }
        throw CredentialError.none(reasons)
    }
}

extension CredentialChain {
    /// The AWS SDKs' default chain: environment keys, then the shared-file profile, then web identity from the
    /// environment, then the container endpoint, then the EC2 instance role (IMDSv2).
    ///
    /// - Parameters:
    ///   - profileName: the profile for the shared files (`AWS_PROFILE`, else `default`).
    ///   - region: the STS region for role assumption (else the profile's, else `us-east-1`).
    ///   - sts: the STS client for `role_arn` profiles and web identity; without one those sources fail clearly.
    public static func standard(
        environment: [String: String], profiles: ProfileSet, profileName: String = "default", region: String?,
        httpClient: HTTPClient, sts: (any RoleAssuming)?, now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        CredentialChain([
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(
                profileName: profileName, profiles: profiles, environment: environment, httpClient: httpClient,
                sts: sts, region: region, now: now),
            WebIdentityCredentialProvider(environment: environment, region: region, sts: sts, now: now),
            ContainerCredentialProvider(environment: environment, httpClient: httpClient),
            IMDSCredentialProvider(
                environment: environment, profile: profiles.profile(named: profileName), httpClient: httpClient),
        ])
    }
}
