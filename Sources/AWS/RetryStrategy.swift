/// When and how long to wait before trying an AWS call again: the SDKs' "standard" retry mode.
///
/// Pure: it decides from the error and the attempt number; `AWSClient` carries the decision out. Delays use capped
/// exponential backoff with full jitter: a random duration in `0 ... min(maxBackoff, baseDelay * 2^(retry-1))`.
public struct RetryStrategy: Sendable {
    /// How many attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The backoff ceiling of the first retry.
    public var baseDelay: Duration
    /// No backoff ceiling exceeds this.
    public var maxBackoff: Duration
    /// Retry tokens each client holds; a retry spends some, a success returns some.
    public var tokenBucketCapacity: Int
    /// A uniform random number in `0 ..< 1` (injectable for tests).
    public var random: @Sendable () -> Double

    /// The standard mode: 3 attempts, 100 ms base, 20 s cap, 500 retry tokens.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(20),
        tokenBucketCapacity: Int = RetryTokenBucket.defaultCapacity,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.tokenBucketCapacity = tokenBucketCapacity
        self.random = random
    }

    /// No retries at all.
    public static var none: RetryStrategy { RetryStrategy(maxAttempts: 1) }

    /// What to do after an attempt failed.
    public enum Decision: Sendable, Equatable {
        /// Try again after this long, spending this many retry tokens.
        case retry(after: Duration, cost: Int)
        /// Give up and report the error.
        case fail
    }

    /// The decision after `attempt` (1 for the first) failed with `error`.
    public func decision(after error: AWSError, attempt: Int) -> Decision {
        guard error.isRetryable, attempt < maxAttempts else { return .fail }
        let cost = error.isTimeout ? RetryTokenBucket.timeoutCost : RetryTokenBucket.retryCost
        return .retry(after: backoff(beforeRetry: attempt), cost: cost)
    }

    /// The delay before retry number `retry` (1 for the first retry): full jitter under a capped exponential ceiling.
    public func backoff(beforeRetry retry: Int) -> Duration {
        ceiling(beforeRetry: retry) * min(max(random(), 0), 1)
    }

    /// The largest delay retry number `retry` may wait.
    public func ceiling(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let grown = baseDelay * (1 << exponent)
        return min(grown, maxBackoff)
    }
}
