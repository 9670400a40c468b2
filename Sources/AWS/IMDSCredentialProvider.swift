import AsyncHTTPClient
import Foundation

/// Credentials of the EC2 instance's role, from the instance metadata service, IMDSv2 only.
///
/// Every fetch first gets a session token (`PUT /latest/api/token` with a TTL header), then sends it with
/// `GET /latest/meta-data/iam/security-credentials/` (the role name) and `…/<role>` (the credentials). There is
/// no IMDSv1 fallback: Kiln requires IMDSv2, as it requires it of the instances it launches.
///
/// Settings: `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the
/// profile's `ec2_metadata_service_endpoint`) replaces the address; `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`
/// (or `ec2_metadata_service_endpoint_mode`) `IPv6` selects `http://[fd00:ec2::254]`.
public struct IMDSCredentialProvider: CredentialProvider {
    /// The address requests go to, without a trailing slash.
    public let endpoint: String
    private let disabled: Bool
    private let tokenTTL: Int
    private let http: CredentialHTTP

    static let source = "instance metadata"
    static let tokenPath = "/latest/api/token"
    static let rolePath = "/latest/meta-data/iam/security-credentials/"

    /// Settings from `environment` and `profile`; `timeout` bounds each of the three requests.
    public init(
        environment: [String: String], profile: Profile? = nil, httpClient: HTTPClient,
        timeout: Duration = .seconds(1), tokenTTL: Int = 21_600
    ) {
        disabled = environment.awsFlag("AWS_EC2_METADATA_DISABLED")
        let mode =
            environment.awsValue("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
            ?? profile?["ec2_metadata_service_endpoint_mode"]
        let fallback = mode?.lowercased() == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254"
        var endpoint =
            environment.awsValue("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            ?? profile?["ec2_metadata_service_endpoint"] ?? fallback
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.tokenTTL = tokenTTL
        self.http = CredentialHTTP(client: httpClient, timeout: timeout, source: Self.source)
    }

    public func credentials() async throws -> Credentials {
        guard !disabled else {
            throw CredentialError.notConfigured(Self.source, "disabled by AWS_EC2_METADATA_DISABLED")
        }
        let token = try await sessionToken()
        let tokenHeader = [("X-aws-ec2-metadata-token", token)]
        let roles = try await http.send(.GET, endpoint + Self.rolePath, headers: tokenHeader)
        if roles.status == 404 {
            throw CredentialError.notConfigured(Self.source, "the instance has no IAM role attached")
        }
        guard roles.status == 200,
            let role = roles.text.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty,
            !role.contains("/")
        else {
            throw CredentialError.retrieval(Self.source, "listing the role answered HTTP \(roles.status)")
        }
        let document = try await http.send(.GET, endpoint + Self.rolePath + role, headers: tokenHeader)
        guard document.status == 200 else {
            throw CredentialError.retrieval(Self.source, "fetching role \(role) answered HTTP \(document.status)")
        }
        let code =
            (try? JSONSerialization.jsonObject(with: Data(document.body.readableBytesView)) as? [String: Any])?[
                "Code"] as? String
        if let code, code != "Success" {
            throw CredentialError.retrieval(Self.source, "role \(role) credentials are not available (\(code))")
        }
        return try CredentialDocument.decode(document.body.readableBytesView, fields: .metadata, source: Self.source)
    }

    /// An IMDSv2 session token; an unreachable service means "not on EC2", so the source is not configured.
    private func sessionToken() async throws -> String {
        let response: CredentialHTTP.Response
        do {
            response = try await http.send(
                .PUT, endpoint + Self.tokenPath, headers: [("X-aws-ec2-metadata-token-ttl-seconds", "\(tokenTTL)")])
        } catch {
            throw CredentialError.notConfigured(Self.source, "no metadata service reachable at \(endpoint)")
        }
        let token = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.status == 200, !token.isEmpty else {
            throw CredentialError.retrieval(
                Self.source, "the IMDSv2 token request answered HTTP \(response.status) (IMDSv1 is never used)")
        }
        return token
    }
}
