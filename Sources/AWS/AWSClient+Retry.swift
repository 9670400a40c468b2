import Logging
import Metrics

/// The retry loop: attempts, backoff, the retry quota, logs and metrics.
extension AWSClient {
    /// Sends a request, retrying as `retryStrategy` decides, and returns the first 2xx response.
    ///
    /// Throws `AWSError` for error responses and transport failures, `CancellationError` when cancelled, and
    /// whatever the credential provider or endpoint provider throws.
    func send(_ request: AWSRequest) async throws -> AWSResponse {
        var attemptNumber = 1
        var spent = 0
        var metadata: Logger.Metadata = [
            "aws.service": "\(request.service.signingName)", "aws.action": "\(request.action)",
            "aws.region": "\(request.region)",
        ]
        while true {
            try Task.checkCancellation()
            metadata["aws.attempt"] = "\(attemptNumber)"
            let failure: AWSError
            do {
                let response = try await attempt(request)
                if let requestID = response.requestID { metadata["aws.request_id"] = "\(requestID)" }
                metadata["aws.status"] = "\(response.status)"
                if (200..<300).contains(response.status) {
                    retryTokens.recordSuccess(spent: spent)
                    logger.debug("AWS call succeeded", metadata: metadata)
                    AWSMetrics.call(request, outcome: "success", factory: metricsFactory)
                    return response
                }
                failure = AWSError.parse(
                    status: response.status, headers: response.headers, body: response.body,
                    service: request.service, action: request.action)
            } catch let error as AWSError {
                failure = error
            }
            if let requestID = failure.requestID { metadata["aws.request_id"] = "\(requestID)" }
            metadata["aws.error_code"] = "\(failure.code)"

            switch retryStrategy.decision(after: failure, attempt: attemptNumber) {
            case .retry(let delay, let cost) where retryTokens.acquire(cost):
                spent += cost
                metadata["aws.retry_delay_ms"] = "\(delay.milliseconds)"
                logger.debug("AWS call failed, retrying", metadata: metadata)
                AWSMetrics.retry(request, code: failure.code, factory: metricsFactory)
                try await clock.sleep(for: delay)
                attemptNumber += 1
            case .retry:
                logger.warning("AWS retry quota exhausted, not retrying", metadata: metadata)
                AWSMetrics.call(request, outcome: AWSMetrics.outcome(of: failure), factory: metricsFactory)
                throw failure
            case .fail:
                logger.debug("AWS call failed", metadata: metadata)
                AWSMetrics.call(request, outcome: AWSMetrics.outcome(of: failure), factory: metricsFactory)
                throw failure
            }
        }
    }
}

/// swift-metrics counters: calls per service, action and outcome; retries per service, action and error code.
enum AWSMetrics {
    static let callsLabel = "kiln_aws_calls_total"
    static let retriesLabel = "kiln_aws_retries_total"

    static func call(_ request: AWSRequest, outcome: String, factory: (any MetricsFactory)?) {
        let dimensions = [
            ("service", request.service.signingName), ("action", request.action), ("outcome", outcome),
        ]
        counter(callsLabel, dimensions, factory).increment()
    }

    static func retry(_ request: AWSRequest, code: String, factory: (any MetricsFactory)?) {
        let dimensions = [("service", request.service.signingName), ("action", request.action), ("code", code)]
        counter(retriesLabel, dimensions, factory).increment()
    }

    private static func counter(
        _ label: String, _ dimensions: [(String, String)], _ factory: (any MetricsFactory)?
    ) -> Counter {
        guard let factory else { return Counter(label: label, dimensions: dimensions) }
        return Counter(label: label, dimensions: dimensions, factory: factory)
    }

    /// `throttled`, `client_error`, `server_error`, `timeout`, `connection_error` or `invalid_response`.
    static func outcome(of error: AWSError) -> String {
        if error.isThrottling { return "throttled" }
        if error.isTimeout { return "timeout" }
        if error.isTransportFailure { return "connection_error" }
        guard let status = error.statusCode else { return "error" }
        if (200..<300).contains(status) { return "invalid_response" }
        return status >= 500 ? "server_error" : "client_error"
    }
}

extension Duration {
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
