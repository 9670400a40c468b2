import Foundation

/// AWS Security Token Service in one region (query protocol, API 2011-06-15).
public struct STS: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }

    /// `GetCallerIdentity`: who the client's credentials belong to.
    public func getCallerIdentity() async throws -> CallerIdentity {
        try await call("GetCallerIdentity", EmptyRequest())
    }

    /// `AssumeRole`, signed with `credentials` (the source identity) or, when `nil`, the client's provider.
    public func assumeRole(_ request: AssumeRoleRequest, using credentials: Credentials? = nil) async throws
        -> AssumedRole
    {
        let signing: AWSRequest.Signing = credentials.map { .credentials($0) } ?? .provider
        let result = try await call("AssumeRole", request, signing: signing, output: AssumeRoleResult.self)
        return try result.assumedRole(service: .sts, action: "AssumeRole")
    }

    /// `AssumeRoleWithWebIdentity`: unsigned; the web identity token is the proof.
    public func assumeRoleWithWebIdentity(_ request: AssumeRoleWithWebIdentityRequest) async throws -> AssumedRole {
        let result = try await call(
            "AssumeRoleWithWebIdentity", request, signing: .unsigned, output: AssumeRoleResult.self)
        return try result.assumedRole(service: .sts, action: "AssumeRoleWithWebIdentity")
    }
}

// MARK: - Shapes

extension STS {
    /// `GetCallerIdentityResponse`.
    public struct CallerIdentity: Decodable, Sendable, Hashable {
        public var userId: String
        public var account: String
        public var arn: String
    }

    /// `AssumeRoleRequest`.
    public struct AssumeRoleRequest: Encodable, Sendable {
        public var roleArn: String
        public var roleSessionName: String
        public var externalId: String?
        public var durationSeconds: Int?

        public init(roleArn: String, roleSessionName: String, externalId: String? = nil, durationSeconds: Int? = nil) {
            self.roleArn = roleArn
            self.roleSessionName = roleSessionName
            self.externalId = externalId
            self.durationSeconds = durationSeconds
        }
    }

    /// `AssumeRoleWithWebIdentityRequest`. Its description leaves the token out.
    public struct AssumeRoleWithWebIdentityRequest: Encodable, Sendable, CustomStringConvertible {
        public var roleArn: String
        public var roleSessionName: String
        public var webIdentityToken: String
        public var durationSeconds: Int?

        public init(roleArn: String, roleSessionName: String, webIdentityToken: String, durationSeconds: Int? = nil) {
            self.roleArn = roleArn
            self.roleSessionName = roleSessionName
            self.webIdentityToken = webIdentityToken
            self.durationSeconds = durationSeconds
        }

        public var description: String {
            "AssumeRoleWithWebIdentityRequest(roleArn: \(roleArn), roleSessionName: \(roleSessionName))"
        }
    }

    /// Temporary credentials and the role session they act as.
    public struct AssumedRole: Sendable, Equatable {
        public var credentials: Credentials
        /// `arn:aws:sts::<account>:assumed-role/<role>/<session>`.
        public var assumedRoleArn: String?
        public var assumedRoleId: String?
    }

    struct EmptyRequest: Encodable, Sendable {}

    /// `AssumeRoleResponse` / `AssumeRoleWithWebIdentityResponse`: the members Kiln reads.
    struct AssumeRoleResult: Decodable, Sendable {
        struct WireCredentials: Decodable, Sendable {
            var accessKeyId: String
            var secretAccessKey: String
            var sessionToken: String
            var expiration: Date
        }

        struct AssumedRoleUser: Decodable, Sendable {
            var assumedRoleId: String?
            var arn: String?
        }

        var credentials: WireCredentials?
        var assumedRoleUser: AssumedRoleUser?

        func assumedRole(service: AWSService, action: String) throws -> AssumedRole {
            guard let credentials else {
                throw AWSError.invalidResponse(
                    "no Credentials in the answer", statusCode: 200, requestID: nil, service: service, action: action)
            }
            return AssumedRole(
                credentials: Credentials(
                    accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                    sessionToken: credentials.sessionToken, expiration: credentials.expiration),
                assumedRoleArn: assumedRoleUser?.arn, assumedRoleId: assumedRoleUser?.assumedRoleId)
        }
    }
}
