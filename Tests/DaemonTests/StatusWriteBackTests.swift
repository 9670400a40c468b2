import Foundation
import Git
import KilnTestSupport
import Logging
import Prometheus
import Testing

@testable import Controller

@Suite struct StatusWriteBackTests {
    /// A person keeps pushing to the branch (over `git daemon`) while Kiln writes status: nobody's commit is
    /// lost, the branch only ever moves forward, and Kiln's status lands on top.
    @Test func concurrentPushersLoseNothingAndNothingIsForced() async throws {
        let remote = try Remote(manifests: ["web.yaml": DaemonPassTests.manifest])
        let server = try GitDaemon(basePath: remote.fixture.directory)
        defer { server.stop() }
        let pusher = try remote.fixture.clone(remote.origin, as: "pusher")
        let mirror = try Mirror(url: server.url(for: "origin.git"), cacheDirectory: remote.fixture.path("cache"))
        let publisher = StatusPublisher(
            mirror: mirror, branch: "main", directory: "status", maxAttempts: 50, clock: InstantClock(),
            metrics: DaemonMetrics(factory: PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let rounds = 8

        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                try await Self.userPushes(rounds: rounds, in: pusher.path)
                return []
            }
            group.addTask {
                var outcomes: [String] = []
                for round in 0..<rounds {
                    let files = ["status/README.md": Data("# round \(round)\n".utf8)]
                    let outcome = try await publisher.publish(
                        files, message: "status: round \(round)", observedCommit: String(repeating: "a", count: 40))
                    outcomes.append("\(outcome)")
                }
                return outcomes
            }
            var all: [String] = []
            for try await result in group { all += result }
            return all
        }
        #expect(results.count == rounds)
        #expect(results.allSatisfy { $0.hasPrefix("pushed") }, "\(results)")

        // Status on top of everything, once more.
        let last = try await publisher.publish(
            ["status/README.md": Data("# final\n".utf8)], message: "status: final", observedCommit: nil)
        guard case .pushed(let tip, _) = last else {
            Issue.record("the final status was not pushed: \(last)")
            return
        }
        #expect(try remote.origin.git("rev-parse", "main") == tip)

        let subjects = try remote.origin.git("log", "--format=%s", "main").split(separator: "\n").map(String.init)
        for round in 0..<rounds {
            #expect(subjects.contains("User change \(round)"), "user commit \(round) is in the history")
            #expect(subjects.contains("status: round \(round)"))
        }
        let tree = try remote.origin.git("ls-tree", "-r", "--name-only", "main")
        for round in 0..<rounds { #expect(tree.contains("user/\(round).txt")) }
        #expect(try remote.origin.git("show", "main:status/README.md") == "# final")

        // Every update of main was a fast-forward: each reflog entry descends from the one before.
        let updates = try remote.origin.git("reflog", "show", "--format=%H", "refs/heads/main")
            .split(separator: "\n").map(String.init).reversed()
        #expect(updates.count >= 2 * rounds + 2)
        for (older, newer) in zip(updates, updates.dropFirst()) {
            #expect(throws: Never.self) { try remote.origin.git("merge-base", "--is-ancestor", older, newer) }
        }
        try remote.origin.git("fsck", "--strict", "--no-progress")
    }

    /// `rounds` commits, each pulled (rebased) and pushed until the push is accepted.
    static func userPushes(rounds: Int, in directory: String) async throws {
        let environment = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Person", "GIT_AUTHOR_EMAIL": "person@acme.test", "GIT_COMMITTER_NAME": "Person",
            "GIT_COMMITTER_EMAIL": "person@acme.test",
        ]
        func git(_ arguments: String...) async throws -> Int32 {
            try await ProcessRunner.run("git", ["-C", directory] + arguments, environment: environment).status
        }
        for round in 0..<rounds {
            let file = URL(fileURLWithPath: directory).appendingPathComponent("user/\(round).txt")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("change \(round)\n".utf8).write(to: file)
            #expect(try await git("add", "--all") == 0)
            #expect(try await git("commit", "-q", "-m", "User change \(round)") == 0)
            var pushed = false
            for _ in 0..<50 where !pushed {
                _ = try await git("pull", "-q", "--rebase", "origin", "main")
                pushed = try await git("push", "-q", "origin", "HEAD:main") == 0
            }
            #expect(pushed, "user change \(round) was pushed")
        }
    }
}
