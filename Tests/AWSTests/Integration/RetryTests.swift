import AWS
import Foundation
import KilnTestSupport
import Logging
import Synchronization
import Testing

extension AWSIntegrationTests {
    /// The retry loop against injected faults; the proxy counts what reached it, the clock records the backoff.
    @Suite("Retries through the fault proxy")
    struct Retries {
        static let describeRegions = CallMatcher.action("DescribeRegions", of: "ec2")

        /// Counts how often the client asked for credentials: once per signed attempt.
        final class CountingProvider: CredentialProvider {
            let credentials: Credentials
            private let count = Mutex(0)
            var calls: Int { count.withLock { $0 } }

            init(_ credentials: Credentials) { self.credentials = credentials }

            func credentials() async throws -> Credentials {
                count.withLock { $0 += 1 }
                return credentials
            }
        }

        /// Runs `body` with a fresh proxy state and an EC2 client whose retries are recorded.
        static func withEC2(
            retry: RetryStrategy = RetryStrategy(random: { 0.5 }), timeout: Duration = .seconds(30),
            _ body: (EC2, RecordingClock, FaultProxy) async throws -> Void
        ) async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            environment.proxy.removeAllFaults()
            environment.proxy.resetCalls()
            defer { environment.proxy.removeAllFaults() }
            let clock = RecordingClock()
            let client = environment.client(retry: retry, clock: clock, timeout: timeout)
            try await TestClients.with(client) { client in
                try await body(EC2(client: client, region: "us-east-1"), clock, environment.proxy)
            }
        }

        @Test("throttling is retried with backoff and succeeds")
        func throttling() async throws {
            try await Self.withEC2 { ec2, clock, proxy in
                proxy.inject(.throttle, on: Self.describeRegions, trigger: .nextCalls(2))
                let regions = try await ec2.describeRegions()
                #expect(!regions.isEmpty)
                #expect(proxy.count(Self.describeRegions) == 3)
                #expect(clock.sleeps == [.milliseconds(50), .milliseconds(100)], "half of 100 ms, then of 200 ms")
                #expect(ec2.client.retryTokens.available == RetryTokenBucket.defaultCapacity)
            }
        }

        @Test("HTML 500s and a connection reset are retried and succeed")
        func serverErrors() async throws {
            try await Self.withEC2 { ec2, clock, proxy in
                proxy.inject(.httpError(status: 500), on: Self.describeRegions, trigger: .nextCalls(1))
                proxy.inject(.connectionReset, on: Self.describeRegions, trigger: .nextCalls(1))
                _ = try await ec2.describeRegions()
                #expect(clock.sleeps.count == 2)
                #expect(proxy.count(Self.describeRegions) >= 2)
                #expect(proxy.calls.last?.disposition == .forwarded)
            }
        }

        @Test("a non-retryable 4xx is not retried")
        func clientErrorNotRetried() async throws {
            try await Self.withEC2 { ec2, clock, proxy in
                let fault = Fault.awsError(status: 400, code: "InvalidParameterValue", message: "bad filter")
                proxy.inject(fault, on: Self.describeRegions)
                let error = await #expect(throws: AWSError.self) { _ = try await ec2.describeRegions() }
                #expect(error?.code == "InvalidParameterValue")
                #expect(error?.message == "bad filter")
                #expect(proxy.count(Self.describeRegions) == 1)
                #expect(clock.sleeps.isEmpty)
            }
        }

        @Test("persistent 503s give up after three attempts with the last error")
        func givesUp() async throws {
            try await Self.withEC2 { ec2, clock, proxy in
                let fault = Fault.awsError(status: 503, code: "RequestLimitExceeded", message: "slow down")
                proxy.inject(fault, on: Self.describeRegions)
                let error = await #expect(throws: AWSError.self) { _ = try await ec2.describeRegions() }
                #expect(error?.isThrottling == true)
                #expect(proxy.count(Self.describeRegions) == 3)
                #expect(clock.sleeps.count == 2)
            }
        }

        @Test("an empty retry quota fails at once: no retry storm")
        func quotaExhausted() async throws {
            try await Self.withEC2(retry: RetryStrategy(tokenBucketCapacity: 10, random: { 0 })) { ec2, clock, proxy in
                proxy.inject(.httpError(status: 503), on: Self.describeRegions)
                await #expect(throws: AWSError.self) { _ = try await ec2.describeRegions() }
                #expect(proxy.count(Self.describeRegions) == 3, "two retries spend the 10 tokens")
                #expect(ec2.client.retryTokens.available == 0)
                let error = await #expect(throws: AWSError.self) { _ = try await ec2.describeRegions() }
                #expect(error?.code == "HTTP503")
                #expect(proxy.count(Self.describeRegions) == 4, "no retry once the quota is spent")
                #expect(clock.sleeps.count == 2)
            }
        }

        @Test("each attempt is signed afresh")
        func resignsEachAttempt() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            environment.proxy.removeAllFaults()
            defer { environment.proxy.removeAllFaults() }
            environment.proxy.inject(.throttle, on: Self.describeRegions, trigger: .nextCalls(2))
            let provider = CountingProvider(environment.admin)
            let client = AWSClient(
                credentialProvider: provider, endpoint: { _, _ in environment.proxy.endpoint },
                retryStrategy: RetryStrategy(random: { 0 }), clock: RecordingClock())
            try await TestClients.with(client) { client in
                _ = try await EC2(client: client, region: "us-east-1").describeRegions()
            }
            #expect(provider.calls == 3)
        }

        @Test("a slow answer is a typed timeout; the next attempt succeeds")
        func timeout() async throws {
            try await Self.withEC2 { ec2, _, _ in _ = try await ec2.describeRegions() }  // moto loads the region
            try await Self.withEC2(retry: RetryStrategy(maxAttempts: 1), timeout: .seconds(2)) { ec2, _, proxy in
                proxy.inject(.latency(.seconds(10)), on: Self.describeRegions, trigger: .nextCalls(1))
                let error = await #expect(throws: AWSError.self) { _ = try await ec2.describeRegions() }
                #expect(error?.isTimeout == true, "\(String(describing: error))")
                #expect(error?.code == "Timeout")
            }
            try await Self.withEC2(timeout: .seconds(2)) { ec2, clock, proxy in
                proxy.inject(.latency(.seconds(10)), on: Self.describeRegions, trigger: .nextCalls(1))
                _ = try await ec2.describeRegions()
                #expect(clock.sleeps.count == 1)
                #expect(ec2.client.retryTokens.available == RetryTokenBucket.defaultCapacity, "refunded on success")
            }
        }

        @Test("logs carry request ids and never a secret")
        func logsAreSafe() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            environment.proxy.removeAllFaults()
            defer { environment.proxy.removeAllFaults() }
            environment.proxy.inject(.throttle, on: Self.describeRegions, trigger: .nextCalls(1))
            let capture = LogCapture()
            let withToken = Credentials(
                accessKeyID: environment.admin.accessKeyID, secretAccessKey: environment.admin.secretAccessKey,
                sessionToken: "SESSIONTOKEN-must-not-be-logged")
            for credentials in [environment.admin, withToken] {
                let client = AWSClient(
                    credentialProvider: StaticCredentialProvider(credentials),
                    endpoint: { _, _ in environment.proxy.endpoint }, clock: RecordingClock(),
                    logger: capture.logger())
                try await TestClients.with(client) { client in
                    _ = try? await EC2(client: client, region: "us-east-1").describeRegions()
                }
            }
            let text = capture.all.joined(separator: "\n")
            #expect(text.contains("aws.request_id="))
            #expect(text.contains("aws.action=DescribeRegions"))
            #expect(text.contains("AWS call failed, retrying"))
            #expect(!text.contains(environment.admin.secretAccessKey))
            #expect(!text.contains("SESSIONTOKEN"))
            #expect(!text.contains("Signature="))
        }

        @Test("calls are counted by service, action and outcome; retries by error code")
        func metrics() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            environment.proxy.removeAllFaults()
            defer { environment.proxy.removeAllFaults() }
            environment.proxy.inject(.throttle, on: Self.describeRegions, trigger: .nextCalls(1))
            environment.proxy.inject(
                .awsError(status: 400, code: "InvalidParameterValue", message: "no"),
                on: .action("DescribeSnapshots", of: "ec2"))
            let metrics = RecordingMetrics()
            let client = AWSClient(
                credentialProvider: StaticCredentialProvider(environment.admin),
                endpoint: { _, _ in environment.proxy.endpoint }, clock: RecordingClock(), metricsFactory: metrics)
            try await TestClients.with(client) { client in
                let ec2 = EC2(client: client, region: "us-east-1")
                _ = try await ec2.describeRegions()
                _ = try? await ec2.describeSnapshots(.init(ownerIds: ["self"]))
            }
            #expect(
                metrics.totals("kiln_aws_calls_total") == [
                    "service=ec2,action=DescribeRegions,outcome=success": 1,
                    "service=ec2,action=DescribeSnapshots,outcome=client_error": 1,
                ])
            #expect(
                metrics.totals("kiln_aws_retries_total") == [
                    "service=ec2,action=DescribeRegions,code=RequestLimitExceeded": 1
                ])
        }
    }
}
