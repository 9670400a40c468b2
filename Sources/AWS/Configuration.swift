import AsyncHTTPClient
import Foundation

/// Region, endpoints and profile, resolved once from an environment dictionary and the shared files.
///
/// - Profile: `AWS_PROFILE`, else `default`. A named profile that neither file defines is an error.
/// - Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`; a malformed one is an error,
///   a missing one is `nil` (see `requireRegion()`).
/// - Endpoints: see `EndpointResolver`.
public struct AWSConfiguration: Sendable {
    /// The region requests go to by default, if any is configured.
    public var region: String?
    /// Endpoint overrides and regional defaults.
    public var endpoints: EndpointResolver
    /// The selected profile (empty when `default` is not defined).
    public var profile: Profile
    /// Every profile of the shared files (source profiles are looked up here).
    public var profiles: ProfileSet
    /// The environment it was built from; credential sources read it too.
    public var environment: [String: String]

    /// Resolves everything from `environment` and already-loaded `profiles`.
    public init(environment: [String: String], profiles: ProfileSet) throws {
        let explicitProfile = environment.awsValue("AWS_PROFILE")
        let profileName = explicitProfile ?? "default"
        guard
            let profile = profiles.profile(named: profileName)
                ?? (explicitProfile == nil ? Profile(name: "default") : nil)
        else { throw ConfigurationError.profileNotFound(profileName) }

        let candidates: [(value: String?, source: String)] = [
            (environment.awsValue("AWS_REGION"), "AWS_REGION"),
            (environment.awsValue("AWS_DEFAULT_REGION"), "AWS_DEFAULT_REGION"),
            (profile["region"], "the region of profile \(profileName)"),
        ]
        if let (value, source) = candidates.first(where: { $0.value != nil }), let value {
            try EndpointResolver.validate(region: value, from: source)
            region = value
        } else {
            region = nil
        }
        self.profile = profile
        self.profiles = profiles
        self.environment = environment
        endpoints = EndpointResolver(
            environment: environment, profile: profile, services: profiles.services(for: profile))
    }

    /// Loads the shared files the environment points to, then resolves.
    public init(environment: [String: String]) throws {
        try self.init(environment: environment, profiles: ProfileSet.load(environment: environment))
    }

    /// The process environment and the shared files: the one place Kiln reads the environment globally.
    public static func fromEnvironment() throws -> AWSConfiguration {
        try AWSConfiguration(environment: ProcessInfo.processInfo.environment)
    }

    /// The region, or `ConfigurationError.missingRegion`.
    public func requireRegion() throws -> String {
        guard let region else { throw ConfigurationError.missingRegion }
        return region
    }

    /// The endpoint for `service` in `region` (default: the configured region).
    public func endpoint(for service: AWSService, region: String? = nil) throws -> URL {
        try endpoints.endpoint(for: service, region: region ?? requireRegion())
    }

    /// The standard credential chain for this configuration, cached and refreshed before expiry.
    public func credentialProvider(
        httpClient: HTTPClient, sts: (any RoleAssuming)?, now: @escaping @Sendable () -> Date = { Date() }
    ) -> CachingCredentialProvider {
        let chain = CredentialChain.standard(
            environment: environment, profiles: profiles, profileName: profile.name, region: region,
            httpClient: httpClient, sts: sts, now: now)
        return CachingCredentialProvider(chain, now: now)
    }
}
