import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// A server that accepts the connection and never answers cannot hold a fetch or push past its deadline, on any
/// transport; cancelling the task ends a stalled transfer at once.
@Suite(.timeLimit(.minutes(2))) struct MirrorDeadlineTests {
    static let schemes = ["http", "https", "git", "ssh"]

    @Test(arguments: schemes)
    func aSilentServerTimesTheFetchOut(_ scheme: String) async throws {
        let fixture = try GitFixture()
        let server = try SilentServer()
        let url = server.url(scheme).replacingOccurrences(of: "://", with: "://kiln:s3cret@")
        let credentials: GitCredentials =
            scheme == "ssh"
            ? .ssh(SSHCredentials(identity: .agent, knownHostsFile: fixture.path("known_hosts"))) : .none
        let mirror = try Mirror(
            url: scheme == "https" ? url : server.url(scheme), cacheDirectory: fixture.path("cache"),
            credentials: credentials, settings: GitTransferSettings(timeout: .milliseconds(1500)))
        let started = ContinuousClock.now
        let error = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "main") }
        let elapsed = ContinuousClock.now - started
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.message.contains("did not answer within 1500ms") == true, "\(String(describing: error))")
        #expect(error.map { "\($0)".contains("127.0.0.1:\(server.port)/origin.git") } == true)
        #expect(error.map { !"\($0)".contains("s3cret") } == true)
        // Wall-clock bounds stay loose: the test process runs many suites at once on few cores.
        #expect(elapsed >= .milliseconds(1400), "\(elapsed)")
        #expect(elapsed < .seconds(60), "\(elapsed)")
    }

    @Test func aSilentServerTimesThePushOut() async throws {
        let fixture = try GitFixture()
        let server = try SilentServer()
        let mirror = try Mirror(
            url: server.url("git"), cacheDirectory: fixture.path("cache"),
            settings: GitTransferSettings(timeout: .seconds(1)))
        let signature = Signature(name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1.8e9))
        let commit = try #require(
            try mirror.repository.commit(
                parent: nil, updating: ["status/web.yaml": Data("s\n".utf8)], author: signature,
                committer: signature, message: "Status"))
        let error = await #expect(throws: GitError.self) { try await mirror.push(commit, to: "main") }
        #expect(error?.kind == .timeout, "\(String(describing: error))")
        #expect(error?.operation == "push main to \(server.url("git"))")
    }

    @Test func cancellingAStalledFetchEndsItAtOnce() async throws {
        let fixture = try GitFixture()
        let server = try SilentServer()
        let mirror = try Mirror(
            url: server.url("http"), cacheDirectory: fixture.path("cache"),
            settings: GitTransferSettings(timeout: .seconds(300)))
        let started = ContinuousClock.now
        let fetch = Task { try await mirror.fetch(branch: "main") }
        try await Task.sleep(for: .milliseconds(500))
        fetch.cancel()
        let result = await fetch.result
        #expect(throws: CancellationError.self) { try result.get() }
        // Far sooner than the 300 s deadline (the bound is loose: many suites share few cores).
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
