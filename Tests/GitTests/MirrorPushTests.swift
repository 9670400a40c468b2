import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct MirrorPushTests {
    enum Transport: String, CaseIterable, Sendable { case file, daemon }

    @Test(arguments: Transport.allCases)
    func pushesFastForwardAndRetriesAfterARejection(transport: Transport) async throws {
        let setup = try RemoteSetup()
        let daemon = transport == .daemon ? try GitDaemon(basePath: setup.fixture.directory) : nil
        defer { daemon?.stop() }
        let url = daemon?.url(for: "origin.git") ?? setup.origin.fileURL
        let mirror = try Mirror(url: url, cacheDirectory: setup.cache)

        let tip = try await mirror.fetch(branch: "main")
        let status = try #require(try setup.statusCommit(mirror, on: tip, "s1\n"))
        #expect(try await mirror.push(status, to: "main") == .pushed)
        #expect(try setup.origin.revParse("main") == status.hex)
        #expect(try mirror.fetchedTip(of: "main") == status)
        try setup.origin.git("fsck", "--strict", "--no-dangling")
        #expect(
            try setup.origin.git("log", "-1", "--format=%an|%s|%(trailers:key=Kiln-Observed-Commit,valueonly)")
                == "Kiln|Update status|\(tip.hex)")

        // Someone pushes a manifest change; Kiln's next status commit is built on the stale tip.
        let theirs = try setup.advanceOrigin(["manifests/web.yaml": "name: web\nversion: 2\n"])
        let stale = try #require(try setup.statusCommit(mirror, on: status, "s2\n"))
        guard case .rejected = try await mirror.push(stale, to: "main") else {
            Issue.record("a non-fast-forward push was not rejected")
            return
        }
        #expect(try setup.origin.revParse("main") == theirs)

        // Fetch, re-apply on the new tip, retry.
        let newTip = try await mirror.fetch(branch: "main")
        #expect(newTip.hex == theirs)
        let retried = try #require(try setup.statusCommit(mirror, on: newTip, "s2\n"))
        #expect(try await mirror.push(retried, to: "main") == .pushed)
        #expect(try setup.origin.git("rev-list", "--count", "main") == "4")
        #expect(try setup.origin.git("show", "main:status/web.yaml") == "s2")
        #expect(try setup.origin.git("show", "main:manifests/web.yaml") == "name: web\nversion: 2")
    }

    @Test func refusesLocallyWhatDoesNotDescendFromTheFetchedTip() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        let tip = try await mirror.fetch(branch: "main")
        let unrelated = try #require(
            try mirror.repository.commit(
                parent: nil, updating: ["x": Data("x".utf8)], author: Signature(name: "K", email: "k@x"),
                committer: Signature(name: "K", email: "k@x"), message: "Unrelated"))
        let result = try await mirror.push(unrelated, to: "main")
        #expect(result == .rejected(reason: "\(unrelated) does not descend from \(tip), the fetched tip of main"))
        #expect(try setup.origin.revParse("main") == tip.hex)
    }

    @Test func reportsServerSideRejections() async throws {
        let setup = try RemoteSetup()
        let hook = setup.origin.path + "/hooks/pre-receive"
        try Data("#!/bin/sh\necho 'status writes are frozen' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let daemon = try GitDaemon(basePath: setup.fixture.directory)
        defer { daemon.stop() }
        let mirror = try Mirror(url: daemon.url(for: "origin.git"), cacheDirectory: setup.cache)
        let tip = try await mirror.fetch(branch: "main")
        let status = try #require(try setup.statusCommit(mirror, on: tip, "s1\n"))
        let result = try await mirror.push(status, to: "main")
        guard case let .rejected(reason) = result else {
            Issue.record("expected a rejection, got \(result)")
            return
        }
        #expect(reason.contains("declined"))
        #expect(try setup.origin.revParse("main") == tip.hex)
        #expect(try mirror.fetchedTip(of: "main") == tip)
    }

    @Test func pushingAnUnknownCommitFails() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        _ = try await mirror.fetch(branch: "main")
        let bogus = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        let error = await #expect(throws: GitError.self) { try await mirror.push(bogus, to: "main") }
        #expect(error?.kind == .notFound)
    }
}
