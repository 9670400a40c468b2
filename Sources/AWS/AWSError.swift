/// A failed AWS call: an error the service returned, a transport failure, or a response Kiln could not read.
///
/// Descriptions read like `EC2 DescribeImages failed: UnauthorizedOperation (HTTP 403, request id …): message`.
/// They never contain credentials or a whole response body.
public struct AWSError: Error, Sendable, Hashable {
    private enum Kind: Sendable, Hashable {
        /// The service answered with an error status.
        case service
        /// No answer in time (connect, read or request deadline).
        case timeout
        /// The connection failed or was reset before an answer arrived.
        case connection
        /// A success status whose body could not be decoded.
        case invalidResponse
        /// A paginated listing returned a token it had returned before.
        case repeatedPageToken
        /// The request could not be built.
        case invalidRequest
    }

    private let kind: Kind
    /// The AWS error code (`UnauthorizedOperation`, `ThrottlingException`, …), `HTTP<status>` when the body has
    /// none, or `Timeout`, `ConnectionError`, `InvalidResponse`, `RepeatedPageToken`, `InvalidRequest` for
    /// client-side failures.
    public let code: String
    /// The service's message, or a short description of a client-side failure.
    public let message: String
    /// The HTTP status, `nil` when no response arrived.
    public let statusCode: Int?
    /// The request id from the response headers or body, when there was one.
    public let requestID: String?
    public let service: AWSService
    public let action: String
    /// DynamoDB's JSON error body, kept for `ConditionalCheckFailed.item`; never printed.
    let details: [UInt8]?

    private init(
        kind: Kind, code: String, message: String, statusCode: Int?, requestID: String?,
        service: AWSService, action: String, details: [UInt8]? = nil
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
        self.service = service
        self.action = action
        self.details = details
    }

    // MARK: - Constructors

    /// An error the service returned.
    static func service(
        code: String, message: String, statusCode: Int, requestID: String?, service: AWSService, action: String,
        details: [UInt8]? = nil
    ) -> AWSError {
        AWSError(
            kind: .service, code: code, message: message, statusCode: statusCode, requestID: requestID,
            service: service, action: action, details: details)
    }

    /// No response in time.
    static func timeout(_ message: String, service: AWSService, action: String) -> AWSError {
        AWSError(
            kind: .timeout, code: "Timeout", message: message, statusCode: nil, requestID: nil,
            service: service, action: action)
    }

    /// The connection failed before a response arrived.
    static func connection(_ message: String, service: AWSService, action: String) -> AWSError {
        AWSError(
            kind: .connection, code: "ConnectionError", message: message, statusCode: nil, requestID: nil,
            service: service, action: action)
    }

    /// A success response Kiln could not decode.
    static func invalidResponse(
        _ message: String, statusCode: Int, requestID: String?, service: AWSService, action: String
    ) -> AWSError {
        AWSError(
            kind: .invalidResponse, code: "InvalidResponse", message: message, statusCode: statusCode,
            requestID: requestID, service: service, action: action)
    }

    /// A paginated listing that handed back a token it had already returned.
    static func repeatedPageToken(service: AWSService, action: String) -> AWSError {
        AWSError(
            kind: .repeatedPageToken, code: "RepeatedPageToken",
            message: "the service returned the same NextToken twice; stopped paging", statusCode: nil,
            requestID: nil, service: service, action: action)
    }

    /// A request Kiln could not build (no JSON protocol for the service, an unencodable member).
    static func invalidRequest(_ message: String, service: AWSService, action: String) -> AWSError {
        AWSError(
            kind: .invalidRequest, code: "InvalidRequest", message: message, statusCode: nil, requestID: nil,
            service: service, action: action)
    }

    // MARK: - Classification

    /// The call did not reach an answer: a timeout.
    public var isTimeout: Bool { kind == .timeout }

    /// No response arrived: a timeout or a connection failure.
    public var isTransportFailure: Bool { kind == .timeout || kind == .connection }

    /// The service asked the caller to slow down.
    public var isThrottling: Bool {
        kind == .service && (AWSErrorCodes.throttling.contains(code) || statusCode == 429)
    }

    /// Worth retrying: throttling, a transient service fault, HTTP 500/502/503/504, or a transport failure.
    /// Any other 4xx is never retryable.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connection:
            true
        case .service:
            isThrottling || AWSErrorCodes.transient.contains(code)
                || AWSErrorCodes.transientStatuses.contains(statusCode ?? 0)
        case .invalidResponse, .repeatedPageToken, .invalidRequest:
            false
        }
    }

    /// The caller lacks permission (IAM denied the call).
    public var isAccessDenied: Bool { AWSErrorCodes.accessDenied.contains(code) }

    /// The signature or the credentials were rejected.
    public var isAuthenticationFailure: Bool { AWSErrorCodes.authentication.contains(code) }
}

/// The error code sets the retry policy and the classification read.
enum AWSErrorCodes {
    /// Codes by which services ask callers to slow down (the SDKs' list).
    static let throttling: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes of faults that a later attempt may not meet.
    static let transient: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "ServiceUnavailableException", "IDPCommunicationError",
    ]

    static let transientStatuses: Set<Int> = [500, 502, 503, 504]

    static let accessDenied: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
        "AuthorizationError",
    ]

    static let authentication: Set<String> = [
        "AuthFailure", "SignatureDoesNotMatch", "InvalidClientTokenId", "UnrecognizedClientException",
        "IncompleteSignature", "InvalidSignatureException", "MissingAuthenticationToken", "ExpiredToken",
        "ExpiredTokenException", "RequestExpired",
    ]
}

// MARK: - Description

extension AWSError: CustomStringConvertible {
    public var description: String {
        var detail: [String] = []
        if let statusCode { detail.append("HTTP \(statusCode)") }
        if let requestID { detail.append("request id \(requestID)") }
        let context = detail.isEmpty ? "" : " (\(detail.joined(separator: ", ")))"
        return "\(service.serviceID) \(action) failed: \(code)\(context): \(message)"
    }
}
