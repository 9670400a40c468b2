import AsyncHTTPClient
import Foundation
import Redaction

/// Credentials from the container credentials endpoint (ECS tasks, EKS Pod Identity).
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: `http://169.254.170.2` + the URI (ECS); it wins when both are set.
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or an `http` URL whose host is a loopback address
///   or one of the container hosts (`169.254.170.2`, `169.254.170.23`, `fd00:ec2::23`, `localhost`), as the
///   AWS SDKs allow. With it, `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every call) or else
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN` is sent as the `Authorization` header.
public struct ContainerCredentialProvider: CredentialProvider {
    private let environment: [String: String]
    private let http: CredentialHTTP

    static let source = "container credentials"
    static let ecsHost = "http://169.254.170.2"
    static let allowedHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// Reads its settings from `environment` and fetches with `httpClient` (which the caller owns).
    public init(environment: [String: String], httpClient: HTTPClient, timeout: Duration = .seconds(2)) {
        self.environment = environment
        self.http = CredentialHTTP(client: httpClient, timeout: timeout, source: Self.source)
    }

    public func credentials() async throws -> Credentials {
        var headers = [("Accept", "application/json")]
        let url: String
        if let relative = environment.awsValue("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = Self.ecsHost + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment.awsValue("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            try Self.validate(fullURI: full)
            url = full
            if let token = try authorizationToken() { headers.append(("Authorization", token)) }
        } else {
            throw CredentialError.notConfigured(
                Self.source,
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
        }
        let response = try await http.send(.GET, url, headers: headers)
        guard response.status == 200 else {
            throw CredentialError.retrieval(
                Self.source, "\(CredentialHTTP.host(of: url)) answered HTTP \(response.status)")
        }
        return try CredentialDocument.decode(response.body.readableBytesView, fields: .metadata, source: Self.source)
    }

    /// The token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    private func authorizationToken() throws -> String? {
        var token: String?
        if let file = environment.awsValue("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CredentialError.retrieval(Self.source, "the authorization token file \(file) cannot be read")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            Redaction.remember(secret: text)
            token = text
        } else {
            token = environment.awsValue("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            throw CredentialError.invalid(Self.source, "the authorization token contains a line break")
        }
        return token?.isEmpty == true ? nil : token
    }

    /// Only loopback and the container hosts over plain http; anything over https.
    static func validate(fullURI: String) throws {
        guard let url = URL(string: fullURI), let scheme = url.scheme?.lowercased(), let rawHost = url.host,
            !rawHost.isEmpty
        else {
            throw CredentialError.invalid(source, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute URL")
        }
        if scheme == "https" { return }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        guard scheme == "http", isLoopback(host) || allowedHosts.contains(host) else {
            throw CredentialError.invalid(
                source,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI host \(host) is not allowed over http: use a loopback address, "
                    + allowedHosts.sorted().joined(separator: ", ") + ", or https")
        }
    }

    /// `127.0.0.0/8` and `::1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
