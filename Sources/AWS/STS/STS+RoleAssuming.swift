/// The STS calls the credential chain makes (assume role, web identity), in the region each source names.
extension STS: RoleAssuming {
    public func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?,
        using credentials: Credentials, region: String
    ) async throws -> Credentials {
        let request = AssumeRoleRequest(
            roleArn: roleARN, roleSessionName: sessionName, externalId: externalID, durationSeconds: durationSeconds)
        return try await STS(client: client, region: region).assumeRole(request, using: credentials).credentials
    }

    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, token: String, region: String
    ) async throws -> Credentials {
        let request = AssumeRoleWithWebIdentityRequest(
            roleArn: roleARN, roleSessionName: sessionName, webIdentityToken: token)
        return try await STS(client: client, region: region).assumeRoleWithWebIdentity(request).credentials
    }
}
