import Foundation
import Logging
import Metrics

/// Building a client from the shared configuration: endpoints, the credential chain, STS for roles.
extension AWSClient {
    /// A client for `configuration`: its endpoints (`AWS_ENDPOINT_URL_*` overrides included) and the standard
    /// credential chain, whose role sources call STS through a second client on the same HTTP client.
    ///
    /// The returned client owns the HTTP client: `shutdown()` it when done.
    public static func standard(
        configuration: AWSConfiguration,
        retryStrategy: RetryStrategy = RetryStrategy(),
        timeout: Duration = .seconds(30),
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "kiln.aws"),
        metricsFactory: (any MetricsFactory)? = nil
    ) -> AWSClient {
        let http = makeHTTPClient()
        let endpoints = configuration.endpoints
        let endpoint: EndpointProvider = { service, region in try endpoints.endpoint(for: service, region: region) }
        let roleTransport = AWSClient(
            credentialProvider: NoCredentialProvider(), endpoint: endpoint, retryStrategy: retryStrategy,
            timeout: timeout, httpClient: http, ownsHTTPClient: false, clock: clock, logger: logger,
            metricsFactory: metricsFactory)
        let sts = STS(client: roleTransport, region: configuration.region ?? "us-east-1")
        let provider = configuration.credentialProvider(httpClient: http, sts: sts)
        return AWSClient(
            credentialProvider: provider, endpoint: endpoint, retryStrategy: retryStrategy, timeout: timeout,
            httpClient: http, ownsHTTPClient: true, clock: clock, logger: logger, metricsFactory: metricsFactory)
    }
}

/// For a transport whose every call carries its own credentials or none (STS for the credential chain).
struct NoCredentialProvider: CredentialProvider {
    struct NoCredentials: Error, CustomStringConvertible {
        var description: String { "this AWS client signs only with credentials given per call" }
    }

    func credentials() async throws -> Credentials { throw NoCredentials() }
}
