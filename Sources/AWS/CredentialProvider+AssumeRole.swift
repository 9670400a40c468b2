import Foundation
import Redaction

/// The two STS calls credential sources need. Kiln's STS client conforms; the credential code only needs this.
public protocol RoleAssuming: Sendable {
    /// `sts:AssumeRole`, signed with `credentials`, against the STS endpoint of `region`.
    func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?,
        using credentials: Credentials, region: String
    ) async throws -> Credentials

    /// `sts:AssumeRoleWithWebIdentity` (an unsigned call) against the STS endpoint of `region`.
    func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, token: String, region: String
    ) async throws -> Credentials
}

/// Credentials for another role (another account), assumed with the credentials of `source`.
///
/// Every call assumes the role afresh: wrap it in a `CachingCredentialProvider`.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public let roleARN: String
    public let sessionName: String
    public let externalID: String?
    public let durationSeconds: Int?
    public let region: String
    private let source: any CredentialProvider
    private let sts: any RoleAssuming

    /// Assumes `roleARN` with `source`'s credentials; `region` picks the STS endpoint.
    public init(
        roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil,
        region: String = "us-east-1", source: any CredentialProvider, sts: any RoleAssuming
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
        self.region = region
        self.source = source
        self.sts = sts
    }

    public func credentials() async throws -> Credentials {
        let sourceCredentials = try await source.credentials()
        return try await sts.assumeRole(
            roleARN: roleARN, sessionName: sessionName, externalID: externalID, durationSeconds: durationSeconds,
            using: sourceCredentials, region: region)
    }

    /// The session name the SDKs use when none is configured.
    static func defaultSessionName(now: Date) -> String {
        "kiln-\(Int(now.timeIntervalSince1970))"
    }
}

/// Credentials for a role assumed with an OIDC token read from a file (EKS service accounts, CI systems).
///
/// The token file is read on every call, since the platform rotates it. Wrap it in a `CachingCredentialProvider`.
public struct WebIdentityCredentialProvider: CredentialProvider {
    private struct Settings: Sendable {
        var roleARN: String
        var tokenFile: String
        var sessionName: String?
        var region: String
    }

    private let settings: Settings?
    private let sts: (any RoleAssuming)?
    private let now: @Sendable () -> Date
    private static let source = "web identity"

    /// Assumes `roleARN` with the token in `tokenFile`.
    public init(
        roleARN: String, tokenFile: String, sessionName: String? = nil, region: String = "us-east-1",
        sts: any RoleAssuming, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        settings = Settings(roleARN: roleARN, tokenFile: tokenFile, sessionName: sessionName, region: region)
        self.sts = sts
        self.now = now
    }

    /// Reads `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`; not configured
    /// unless both of the first two are set.
    public init(
        environment: [String: String], region: String? = nil, sts: (any RoleAssuming)?,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        if let file = environment.awsValue("AWS_WEB_IDENTITY_TOKEN_FILE"),
            let role = environment.awsValue("AWS_ROLE_ARN")
        {
            settings = Settings(
                roleARN: role, tokenFile: file, sessionName: environment.awsValue("AWS_ROLE_SESSION_NAME"),
                region: region ?? "us-east-1")
        } else {
            settings = nil
        }
        self.sts = sts
        self.now = now
    }

    public func credentials() async throws -> Credentials {
        guard let settings else {
            throw CredentialError.notConfigured(
                Self.source, "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not both set")
        }
        guard let sts else { throw CredentialError.noSTS(Self.source, "AssumeRoleWithWebIdentity") }
        guard let data = FileManager.default.contents(atPath: settings.tokenFile) else {
            throw CredentialError.retrieval(Self.source, "the token file \(settings.tokenFile) cannot be read")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialError.retrieval(Self.source, "the token file \(settings.tokenFile) is empty")
        }
        Redaction.remember(secret: token)
        return try await sts.assumeRoleWithWebIdentity(
            roleARN: settings.roleARN,
            sessionName: settings.sessionName ?? AssumeRoleCredentialProvider.defaultSessionName(now: now()),
            token: token, region: settings.region)
    }
}
