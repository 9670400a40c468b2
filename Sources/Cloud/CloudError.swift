import AWS

// MARK: - Errors

/// A failure of the Cloud layer: an AWS call that failed after the client's retries, an answer Kiln
/// cannot act on, or an action the Cloud layer cannot carry out.
///
/// The description names the operation and region, and keeps the AWS error code and request id; it
/// never contains a credential or a whole response body.
public struct CloudError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        /// An AWS call failed.
        case aws
        /// AWS answered something Kiln cannot act on (a missing id, a conflicting resource).
        case unexpected
        /// The action needs an AWS operation Kiln does not have.
        case unsupported
        /// Something else failed (cancellation, a non-AWS error).
        case other
    }

    private let code: Code
    /// What Kiln was doing, e.g. `deregisterImage ami-0abc` or `observe DescribeImages`.
    public let operation: String
    /// The region of the call.
    public let region: String
    /// The AWS error, with its code and request id, when an AWS call failed.
    public let awsError: AWSError?
    /// A short explanation.
    public let message: String

    private init(code: Code, operation: String, region: String, awsError: AWSError? = nil, message: String) {
        self.code = code
        self.operation = operation
        self.region = region
        self.awsError = awsError
        self.message = message
    }

    // MARK: - Constructors

    /// An AWS call failed (after the client's retries).
    static func aws(_ error: AWSError, operation: String, region: String) -> CloudError {
        CloudError(code: .aws, operation: operation, region: region, awsError: error, message: error.description)
    }

    /// AWS answered something Kiln cannot act on.
    static func unexpected(_ message: String, operation: String, region: String) -> CloudError {
        CloudError(code: .unexpected, operation: operation, region: region, message: message)
    }

    /// The action needs an AWS operation Kiln does not have.
    static func unsupported(_ message: String, operation: String, region: String) -> CloudError {
        CloudError(code: .unsupported, operation: operation, region: region, message: message)
    }

    /// Wraps any error thrown while doing `operation`.
    static func wrap(_ error: any Error, operation: String, region: String) -> CloudError {
        if let cloud = error as? CloudError { return cloud }
        if let aws = error as? AWSError { return .aws(aws, operation: operation, region: region) }
        if error is CancellationError {
            return CloudError(code: .other, operation: operation, region: region, message: "cancelled")
        }
        return CloudError(code: .other, operation: operation, region: region, message: "\(type(of: error))")
    }

    // MARK: - Reading

    /// The AWS error code (`UnauthorizedOperation`, `InvalidAMIID.NotFound`, …), when an AWS call failed.
    public var awsCode: String? { awsError?.code }

    /// The AWS request id, when the service sent one.
    public var requestID: String? { awsError?.requestID }

    /// The call may succeed later: throttling, a transient fault, a transport failure.
    public var isTransient: Bool { awsError?.isRetryable ?? false }

    /// IAM denied the call.
    public var isAccessDenied: Bool { awsError?.isAccessDenied ?? false }

    /// A short, stable label for metrics: the AWS code, or the kind of failure.
    public var label: String {
        switch code {
        case .aws: awsError?.code ?? "AWSError"
        case .unexpected: "Unexpected"
        case .unsupported: "Unsupported"
        case .other: "Other"
        }
    }

    public var description: String {
        switch code {
        case .aws: "\(operation) in \(region): \(message)"
        default: "\(operation) in \(region) failed: \(message)"
        }
    }
}
