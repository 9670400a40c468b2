import Synchronization

/// A client-side retry quota, one per `AWSClient`, so a failing region cannot cause a retry storm.
///
/// Each retry spends tokens (5, or 10 after a timeout); a success returns what its retries spent, or one token
/// when it needed no retry. When too few tokens remain, calls fail without retrying.
public final class RetryTokenBucket: Sendable {
    public static let defaultCapacity = 500
    public static let retryCost = 5
    public static let timeoutCost = 10
    public static let successRefund = 1

    public let capacity: Int
    private let tokens: Mutex<Int>

    public init(capacity: Int = RetryTokenBucket.defaultCapacity) {
        self.capacity = max(0, capacity)
        self.tokens = Mutex(max(0, capacity))
    }

    /// The tokens left.
    public var available: Int { tokens.withLock { $0 } }

    /// Takes `cost` tokens if that many remain; `false` (and nothing taken) otherwise.
    public func acquire(_ cost: Int) -> Bool {
        tokens.withLock { tokens in
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// Returns tokens after a success: what the call's retries spent, or `successRefund` when it spent none.
    public func recordSuccess(spent: Int) {
        let refund = spent > 0 ? spent : Self.successRefund
        tokens.withLock { tokens in tokens = min(capacity, tokens + refund) }
    }
}
