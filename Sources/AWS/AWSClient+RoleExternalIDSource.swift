import Foundation

// MARK: - An external id read when the role is assumed

extension AWSClient {
    /// Like ``assumingRole(_:sessionName:externalID:region:refreshMargin:now:)``, with the external id read from
    /// `externalID` each time the role is assumed (the first call, and each renewal), so a rotated id is picked up
    /// without a restart. An error `externalID` throws is the error of the request that needed the credentials.
    public func assumingRole(
        _ roleARN: String, sessionName: String, externalIDSource: @escaping @Sendable () throws -> String?,
        region: String, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date = { Date() }
    ) -> AWSClient {
        let assume = ExternalIDSourceRoleProvider(
            roleARN: roleARN, sessionName: sessionName, externalID: externalIDSource, region: region,
            source: credentialProvider, sts: STS(client: self, region: region))
        return AWSClient(
            credentialProvider: CachingCredentialProvider(assume, refreshMargin: refreshMargin, now: now),
            endpoint: endpoint, retryStrategy: retryStrategy, timeout: timeout, httpClient: httpClient,
            ownsHTTPClient: false, clock: clock, logger: logger, metricsFactory: metricsFactory)
    }
}

/// `AssumeRole` with an external id read afresh on every call. Wrap it in a `CachingCredentialProvider`.
struct ExternalIDSourceRoleProvider: CredentialProvider {
    let roleARN: String
    let sessionName: String
    let externalID: @Sendable () throws -> String?
    let region: String
    let source: any CredentialProvider
    let sts: any RoleAssuming

    func credentials() async throws -> Credentials {
        let id = try externalID()
        return try await AssumeRoleCredentialProvider(
            roleARN: roleARN, sessionName: sessionName, externalID: id, region: region, source: source, sts: sts
        ).credentials()
    }
}
