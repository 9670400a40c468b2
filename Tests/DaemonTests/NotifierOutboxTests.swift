import Foundation
import KilnTestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

@testable import Controller

/// Undelivered notifications and the memory of what was sent survive a restart through the outbox file.
@Suite struct NotifierOutboxTests {
    /// A sink named `identity` that fails every delivery (it counts the attempts) or records what it is given.
    final class Sink: NotificationSink {
        let identity: String
        let failing: Bool
        let attempts = Mutex(0)
        let delivered = Mutex<[String]>([])

        init(_ identity: String, failing: Bool) {
            self.identity = identity
            self.failing = failing
        }

        var kind: String { "webhook" }
        var display: String { identity }
        func accepts(_ kind: NotificationEvent.Kind) -> Bool { true }
        func deliver(_ event: NotificationEvent, body: Data) async throws {
            attempts.withLock { $0 += 1 }
            if failing { throw NotificationError("the receiver is down") }
            delivered.withLock { $0.append(event.image ?? "-") }
        }
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    @Test func aGracefulShutdownKeepsWhatIsUndeliveredAndTheNextStartDeliversItOnce() async throws {
        let directory = try GitFixture()
        let outbox = NotificationOutbox(cacheDirectory: directory.directory)
        let down = Sink("webhook sha256:aa", failing: true)
        let elsewhere = Sink("webhook sha256:bb", failing: true)
        let first = Notifier(
            sinks: [down, elsewhere], retry: .init(maxAttempts: 5, initialBackoff: .seconds(600)), outbox: outbox)
        await testGracefulShutdown { trigger in
            let running = Task { try await first.run() }
            first.submit([NotifierWebhookTests.event("web"), NotifierWebhookTests.event("api")])
            // Each sink is in its first backoff (ten minutes): the shutdown must not wait for it.
            try? await Self.waitUntil { down.attempts.withLock { $0 } == 1 && elsewhere.attempts.withLock { $0 } == 1 }
            trigger.triggerGracefulShutdown()
            _ = try? await running.value
        }
        var status = stat()
        #expect(stat(outbox.path, &status) == 0, "the outbox is written")
        #expect(status.st_mode & 0o777 == 0o600)
        let text = try String(contentsOfFile: outbox.path, encoding: .utf8)
        #expect(text.contains("sha256:aa") && !text.contains("hooks."), "sinks are named by digest")

        // The next start: one sink is still configured, the other is gone.
        let up = Sink("webhook sha256:aa", failing: false)
        let second = Notifier(sinks: [up], outbox: outbox)
        #expect(!FileManager.default.fileExists(atPath: outbox.path), "taken at start, so a crash cannot repeat it")
        let running = Task { try await second.run() }
        try await Self.waitUntil { up.delivered.withLock { $0.count } == 2 }
        // The same occurrences again (the first run sent them): told once, across the restart.
        second.submit([NotifierWebhookTests.event("web"), NotifierWebhookTests.event("db")])
        try await Self.waitUntil { up.delivered.withLock { $0.count } == 3 }
        running.cancel()
        _ = try? await running.value
        #expect(up.delivered.withLock { $0 } == ["web", "api", "db"])
        let kept = try #require(try outbox.take())
        #expect(kept.pending.isEmpty)
        #expect(
            kept.sent
                == [
                    NotifierWebhookTests.event("web"), NotifierWebhookTests.event("api"),
                    NotifierWebhookTests.event("db"),
                ].map(\.key))
    }

    @Test func anUnreadableOutboxIsSetAsideAndTheNotifierStillWorks() async throws {
        let directory = try GitFixture()
        let outbox = NotificationOutbox(cacheDirectory: directory.directory)
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: outbox.path))
        let up = Sink("webhook sha256:aa", failing: false)
        let notifier = Notifier(sinks: [up], outbox: outbox)
        #expect(!FileManager.default.fileExists(atPath: outbox.path))
        let running = Task { try await notifier.run() }
        notifier.submit([NotifierWebhookTests.event("web")])
        try await Self.waitUntil { up.delivered.withLock { $0.count } == 1 }
        running.cancel()
        _ = try? await running.value
    }

    @Test func theMemoryListsKeysOldestFirstAfterWrappingAround() {
        var memory = OccurrenceMemory(capacity: 3)
        for key in ["a", "b", "c", "d", "e"] { _ = memory.insert(key) }
        #expect(memory.keys == ["c", "d", "e"])
        #expect(!memory.insert("e") && memory.insert("a"))
        #expect(memory.keys == ["d", "e", "a"])
    }
}
