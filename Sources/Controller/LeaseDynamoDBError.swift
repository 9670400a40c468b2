import AWS

// MARK: - DynamoDB lease errors

/// A lease operation that could not get an answer. "Held by someone else" is never an error: see `LeaseStatus`.
public struct DynamoDBLeaseError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidConfiguration(String)
        case unavailable(action: String, detail: String, retryable: Bool)
        case invalidItem(String)
    }

    private let code: Code

    private init(_ code: Code) {
        self.code = code
    }

    static func invalidConfiguration(_ detail: String) -> DynamoDBLeaseError { .init(.invalidConfiguration(detail)) }

    /// The table could not be read or written; `error` says why (its description never holds a secret).
    static func unavailable(_ action: String, _ error: any Error) -> DynamoDBLeaseError {
        let retryable = (error as? AWSError)?.isRetryable ?? false
        return .init(.unavailable(action: action, detail: String(describing: error), retryable: retryable))
    }

    static func invalidItem(_ detail: String) -> DynamoDBLeaseError { .init(.invalidItem(detail)) }

    /// A later attempt may succeed (throttling, a 5xx, a timeout, a reset connection).
    public var isRetryable: Bool {
        if case .unavailable(_, _, let retryable) = code { return retryable }
        return false
    }

    public var description: String {
        switch code {
        case .invalidConfiguration(let detail): "invalid lease configuration: \(detail)"
        case .unavailable(let action, let detail, _): "lease \(action) failed: \(detail)"
        case .invalidItem(let detail): "the lease item is malformed: \(detail)"
        }
    }
}
