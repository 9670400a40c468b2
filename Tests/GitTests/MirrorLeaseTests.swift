import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// Proposal branches: all of a folder fetched in one connection, and a forced move or a deletion that goes ahead only
/// while the remote still holds the tip that was checked (file:// and git daemon, branches moved by the git CLI).
@Suite struct MirrorLeaseTests {
    enum Transport: String, CaseIterable, Sendable { case file, daemon }

    @Test(arguments: Transport.allCases)
    func fetchesAFolderOfBranchesAndMovesOneOnlyFromTheCheckedTip(transport: Transport) async throws {
        let setup = try RemoteSetup()
        let daemon = transport == .daemon ? try GitDaemon(basePath: setup.fixture.directory) : nil
        defer { daemon?.stop() }
        let url = daemon?.url(for: "origin.git") ?? setup.origin.fileURL
        let mirror = try Mirror(url: url, cacheDirectory: setup.cache)
        #expect(try await mirror.fetch(branchesUnder: "kiln/update/").isEmpty, "no such branches yet")

        // Two proposal branches and an unrelated one, made by the git CLI.
        let main = try setup.origin.revParse("main")
        try setup.work.git("fetch", "-q", "origin")
        try setup.work.git("checkout", "-q", "-b", "proposal", "origin/main")
        let web = try setup.work.commit(["manifests/web.yaml": "name: web\nversion: 2\n"], message: "web")
        try setup.work.git("push", "-q", "origin", "HEAD:kiln/update/web", "HEAD:kiln/update/api", "HEAD:other")
        let tips = try await mirror.fetch(branchesUnder: "kiln/update/")
        #expect(tips.mapValues(\.hex) == ["kiln/update/web": web, "kiln/update/api": web])
        #expect(try mirror.fetchedTip(of: "kiln/update/web")?.hex == web)
        let checked = try #require(tips["kiln/update/web"])

        // A person pushes onto the branch after Kiln read it: Kiln's move from the checked tip is refused.
        let theirs = try setup.work.commit(["manifests/web.yaml": "name: web\nversion: 3\n"], message: "fix")
        try setup.work.git("push", "-q", "origin", "HEAD:kiln/update/web")
        let base = try #require(ObjectID(hex: main))
        let kilns = try #require(try setup.statusCommit(mirror, on: base, "s1\n"))
        let moved = try await mirror.replace("kiln/update/web", with: kilns, expecting: .some(checked))
        guard case .rejected(let reason) = moved else {
            Issue.record("a moved branch was overwritten: \(moved)")
            return
        }
        #expect(reason.contains("moved since it was checked") && reason.contains(theirs), "\(reason)")
        #expect(try setup.origin.revParse("kiln/update/web") == theirs, "the person's commit stays")
        let deleted = try await mirror.replace("kiln/update/web", with: nil, expecting: .some(checked))
        #expect(deleted != .pushed)
        #expect(try setup.origin.revParse("kiln/update/web") == theirs)

        // Creating a branch that appeared meanwhile is refused too; from the right tip both succeed.
        let created = try await mirror.replace("other", with: kilns, expecting: .some(nil))
        #expect(created != .pushed)
        let current = try #require(ObjectID(hex: theirs))
        #expect(try await mirror.replace("kiln/update/web", with: kilns, expecting: .some(current)) == .pushed)
        #expect(try setup.origin.revParse("kiln/update/web") == kilns.hex)
        #expect(try await mirror.replace("kiln/update/api", with: nil, expecting: .some(checked)) == .pushed)
        #expect(
            try await mirror.fetch(branchesUnder: "kiln/update/").mapValues(\.hex) == ["kiln/update/web": kilns.hex])
        #expect(try mirror.fetchedTip(of: "kiln/update/web") == kilns)
        // A person deletes the branch: the next fetch forgets it.
        try setup.work.git("push", "-q", "origin", ":kiln/update/web")
        #expect(try await mirror.fetch(branchesUnder: "kiln/update/").isEmpty)
        #expect(try mirror.fetchedTip(of: "kiln/update/web") == nil, "a branch gone from the remote is forgotten")
        try setup.origin.git("fsck", "--strict", "--no-dangling")
    }
}
