import AWS
import Foundation
import KilnTestSupport
import Logging
import Synchronization

/// A clock that never waits: it records each requested sleep and moves its own time forward.
final class RecordingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Instant { Instant(offset: state.withLock { $0.now }) }
    var minimumResolution: Duration { .nanoseconds(1) }
    /// Every sleep requested, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(deadline.offset - state.now)
            state.now = max(state.now, deadline.offset)
        }
    }
}

/// Builds clients against a local endpoint and shuts them down afterwards.
enum TestClients {
    static let testCredentials = Credentials(accessKeyID: "AKIDKILNTEST", secretAccessKey: "kiln-test-secret")

    /// An `AWSClient` whose every service lives at `endpoint`.
    static func client(
        endpoint: URL, credentials: Credentials = testCredentials, retry: RetryStrategy = RetryStrategy(),
        clock: RecordingClock = RecordingClock(), timeout: Duration = .seconds(30)
    ) -> AWSClient {
        AWSClient(
            credentialProvider: StaticCredentialProvider(credentials),
            endpoint: { _, _ in endpoint },
            retryStrategy: retry,
            timeout: timeout,
            clock: clock,
            logger: Logger(label: "kiln.aws.test"))
    }

    /// Runs `body` with a client, shutting it down however `body` ends.
    static func with<T>(
        _ client: AWSClient, _ body: (AWSClient) async throws -> T
    ) async throws -> T {
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
