import Testing

@testable import AWS

@Suite("Retry strategy and retry quota")
struct RetryStrategyTests {
    static func serviceError(_ code: String, status: Int = 400) -> AWSError {
        .service(code: code, message: "", statusCode: status, requestID: nil, service: .ec2, action: "DescribeImages")
    }

    @Test("throttling, transient codes, 5xx and transport failures retry; other 4xx never")
    func whichErrorsRetry() {
        let strategy = RetryStrategy(random: { 0.5 })
        let retried: [AWSError] = [
            Self.serviceError("RequestLimitExceeded", status: 503), Self.serviceError("ThrottlingException"),
            Self.serviceError("RequestTimeout"), Self.serviceError("HTTP500", status: 500),
            Self.serviceError("HTTP503", status: 503), .timeout("t", service: .ec2, action: "X"),
            .connection("reset", service: .ec2, action: "X"),
        ]
        for error in retried {
            #expect(strategy.decision(after: error, attempt: 1) != .fail, "\(error.code)")
        }
        let notRetried: [AWSError] = [
            Self.serviceError("UnauthorizedOperation", status: 403), Self.serviceError("InvalidParameterValue"),
            Self.serviceError("AuthFailure", status: 401), Self.serviceError("HTTP404", status: 404),
        ]
        for error in notRetried {
            #expect(strategy.decision(after: error, attempt: 1) == .fail, "\(error.code)")
        }
    }

    @Test("gives up after maxAttempts")
    func maxAttempts() {
        let throttled = Self.serviceError("Throttling")
        let strategy = RetryStrategy(maxAttempts: 3, random: { 0.5 })
        #expect(strategy.decision(after: throttled, attempt: 1) != .fail)
        #expect(strategy.decision(after: throttled, attempt: 2) != .fail)
        #expect(strategy.decision(after: throttled, attempt: 3) == .fail)
        #expect(RetryStrategy.none.decision(after: throttled, attempt: 1) == .fail)
    }

    @Test("a retry costs 5 tokens, a retry after a timeout 10")
    func costs() {
        let strategy = RetryStrategy(random: { 0 })
        #expect(strategy.decision(after: Self.serviceError("Throttling"), attempt: 1) == .retry(after: .zero, cost: 5))
        #expect(
            strategy.decision(after: .timeout("t", service: .ec2, action: "X"), attempt: 1)
                == .retry(after: .zero, cost: 10))
    }

    @Test(
        "full jitter under a capped exponential ceiling",
        arguments: [(1, 100), (2, 200), (3, 400), (8, 12_800), (9, 20_000), (40, 20_000)])
    func backoffBounds(retry: Int, ceilingMilliseconds: Int) {
        let top = RetryStrategy(baseDelay: .milliseconds(100), maxBackoff: .seconds(20), random: { 0.999_999 })
        let bottom = RetryStrategy(baseDelay: .milliseconds(100), maxBackoff: .seconds(20), random: { 0 })
        let half = RetryStrategy(baseDelay: .milliseconds(100), maxBackoff: .seconds(20), random: { 0.5 })
        let ceiling = Duration.milliseconds(ceilingMilliseconds)
        #expect(top.ceiling(beforeRetry: retry) == ceiling)
        #expect(top.backoff(beforeRetry: retry) <= ceiling)
        #expect(top.backoff(beforeRetry: retry) > ceiling * 0.99)
        #expect(bottom.backoff(beforeRetry: retry) == .zero)
        #expect(half.backoff(beforeRetry: retry) == ceiling / 2)
    }

    @Test("a real random source stays within the ceiling")
    func randomStaysInBounds() {
        let strategy = RetryStrategy(baseDelay: .milliseconds(50))
        for retry in 1...12 {
            let delay = strategy.backoff(beforeRetry: retry)
            #expect(delay >= .zero && delay <= strategy.ceiling(beforeRetry: retry))
        }
    }

    @Test("the bucket refuses retries once empty and refills on success")
    func tokenBucket() {
        let bucket = RetryTokenBucket(capacity: 12)
        #expect(bucket.acquire(5))
        #expect(bucket.acquire(5))
        #expect(bucket.available == 2)
        #expect(!bucket.acquire(5))
        #expect(bucket.available == 2)
        bucket.recordSuccess(spent: 0)
        #expect(bucket.available == 3)
        bucket.recordSuccess(spent: 10)
        #expect(bucket.available == 12)
        bucket.recordSuccess(spent: 0)
        #expect(bucket.available == 12, "never above capacity")
    }

    @Test("the default bucket allows 100 retries, then none")
    func defaultCapacity() {
        let bucket = RetryTokenBucket()
        var granted = 0
        while bucket.acquire(RetryTokenBucket.retryCost) { granted += 1 }
        #expect(granted == 100)
        #expect(!bucket.acquire(RetryTokenBucket.timeoutCost))
    }
}
