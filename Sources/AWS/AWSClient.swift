import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import Synchronization

/// The transport every AWS service client shares: one HTTP client, credentials, endpoints, retries and timeouts.
///
/// Service clients (`EC2`, `AutoScaling`, `SSM`, `STS`, `DynamoDB`) are cheap values built on one `AWSClient`
/// and a region. Call `shutdown()` when done; a client it created is otherwise shut down when it is released.
public final class AWSClient: Sendable {
    /// The base URL of a service in a region (e.g. `https://ec2.eu-west-1.amazonaws.com`).
    public typealias EndpointProvider = @Sendable (_ service: AWSService, _ region: String) throws -> URL

    /// Which HTTP client carries the requests.
    public enum HTTPClientProvider: Sendable {
        /// A new client owned (and shut down) by this `AWSClient`.
        case createNew
        /// async-http-client's process-wide singleton; never shut down.
        case shared
        /// A client the caller owns and shuts down.
        case injected(HTTPClient)
    }

    public let credentialProvider: any CredentialProvider
    public let retryStrategy: RetryStrategy
    /// This client's retry quota.
    public let retryTokens: RetryTokenBucket
    /// The deadline of one attempt (connect, send, receive the whole response).
    public let timeout: Duration
    let endpoint: EndpointProvider
    let httpClient: HTTPClient
    let clock: any Clock<Duration>
    let logger: Logger
    /// Where the call and retry counters go; `nil` for the process-wide `MetricsSystem`.
    let metricsFactory: (any MetricsFactory)?
    private let ownsHTTPClient: Bool
    private let isShutDown = Mutex(false)

    /// - Parameters:
    ///   - credentialProvider: signs every request but the unsigned ones (`AssumeRoleWithWebIdentity`).
    ///   - endpoint: the base URL per service and region; `standardEndpoint` by default.
    ///   - retryStrategy: attempts, backoff and retry quota; the SDKs' standard mode by default.
    ///   - timeout: the deadline of each attempt.
    ///   - httpClient: which HTTP client to use.
    ///   - clock: sleeps between retries (inject a test clock so tests never wait).
    ///   - logger: request ids and outcomes at debug level; never a secret.
    ///   - metricsFactory: where the `kiln_aws_calls_total` and `kiln_aws_retries_total` counters go (default: the
    ///     bootstrapped `MetricsSystem`).
    public convenience init(
        credentialProvider: any CredentialProvider,
        endpoint: @escaping EndpointProvider = AWSClient.standardEndpoint,
        retryStrategy: RetryStrategy = RetryStrategy(),
        timeout: Duration = .seconds(30),
        httpClient: HTTPClientProvider = .createNew,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "kiln.aws"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        let (client, owned): (HTTPClient, Bool) =
            switch httpClient {
            case .createNew: (Self.makeHTTPClient(), true)
            case .shared: (HTTPClient.shared, false)
            case .injected(let client): (client, false)
            }
        self.init(
            credentialProvider: credentialProvider, endpoint: endpoint, retryStrategy: retryStrategy,
            timeout: timeout, httpClient: client, ownsHTTPClient: owned, clock: clock, logger: logger,
            metricsFactory: metricsFactory)
    }

    init(
        credentialProvider: any CredentialProvider, endpoint: @escaping EndpointProvider,
        retryStrategy: RetryStrategy, timeout: Duration, httpClient: HTTPClient, ownsHTTPClient: Bool,
        clock: any Clock<Duration>, logger: Logger, metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.credentialProvider = credentialProvider
        self.endpoint = endpoint
        self.retryStrategy = retryStrategy
        self.retryTokens = RetryTokenBucket(capacity: retryStrategy.tokenBucketCapacity)
        self.timeout = timeout
        self.clock = clock
        self.logger = logger
        self.metricsFactory = metricsFactory
        self.httpClient = httpClient
        self.ownsHTTPClient = ownsHTTPClient
    }

    /// An HTTP client for AWS: no redirects, no decompression, a 10 s connect timeout.
    static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Shuts the HTTP client down if this `AWSClient` created it. Calls after this fail.
    public func shutdown() async throws {
        let first = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        guard first, ownsHTTPClient else { return }
        try await httpClient.shutdown()
    }

    deinit {
        let pending = isShutDown.withLock { !$0 }
        if pending, ownsHTTPClient {
            httpClient.shutdown { _ in }
        }
    }

    /// `https://<prefix>.<region>.<partition suffix>` (`amazonaws.com`, `amazonaws.com.cn`, …), no overrides.
    public static let standardEndpoint: EndpointProvider = { service, region in
        try EndpointResolver.defaultEndpoint(for: service, region: region)
    }
}
