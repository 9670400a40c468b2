import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// A mirror's packs are consolidated into one through libgit2, losing nothing a reference, `HEAD` or an unpushed
/// commit needs.
@Suite struct MirrorRepackTests {
    static let kiln = Signature(name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1.8e9))

    /// `git count-objects -v`: loose objects (`count`) and `packs`.
    private func counts(_ repository: GitFixture.Repository) throws -> (loose: Int, packs: Int) {
        var values: [String: Int] = [:]
        for line in try repository.git("count-objects", "-v").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let value = Int(parts[1]) { values[parts[0]] = value }
        }
        return (values["count"] ?? -1, values["packs"] ?? -1)
    }

    /// A mirror holding `fetches` fetched packs and `commits` status commits on `refs/heads/status`, each its own
    /// pack.
    private func manyPacks(
        _ setup: RemoteSetup, fetches: Int, commits: Int
    ) async throws -> (Mirror, tip: ObjectID, status: ObjectID) {
        let mirror = try Mirror(url: setup.origin.fileURL, cacheDirectory: setup.cache)
        var tip = try await mirror.fetch(branch: "main")
        for round in 1...fetches {
            try setup.advanceOrigin(["manifests/web.yaml": "name: web\nround: \(round)\n"])
            tip = try await mirror.fetch(branch: "main")
        }
        try mirror.repository.setReference("refs/heads/status", to: tip, message: "test: status")
        var status = tip
        for round in 1...commits {
            status = try #require(
                try mirror.repository.commit(
                    parent: status, updating: ["status/web.yaml": Data("round \(round)\n".utf8)],
                    author: Self.kiln, committer: Self.kiln, message: "Status \(round)", updatingBranch: "status"))
        }
        return (mirror, tip, status)
    }

    /// A commit on `refs/heads/loose` whose blob, tree and commit are loose files, written by the git CLI.
    private func looseCommit(in cli: GitFixture.Repository, fixture: GitFixture) throws -> String {
        let file = fixture.path("loose.txt")
        try Data("loose\n".utf8).write(to: URL(fileURLWithPath: file))
        let blob = try cli.git("hash-object", "-w", file)
        let index = ["GIT_INDEX_FILE": fixture.path("loose.index")]
        try cli.git(["update-index", "--add", "--cacheinfo", "100644,\(blob),loose.txt"], environment: index)
        let tree = try cli.git(["write-tree"], environment: index)
        let commit = try cli.git(["commit-tree", tree, "-m", "Loose"], environment: Self.dates)
        try cli.git("update-ref", "refs/heads/loose", commit)
        return commit
    }

    /// Dates every pack and loose object of `cli` an hour back.
    private func age(_ cli: GitFixture.Repository) throws {
        let objects = cli.path + "/objects"
        let old = Date().addingTimeInterval(-3600)
        let files = FileManager.default.enumerator(atPath: objects)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasPrefix("pack/") || file.count == 41 {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: objects + "/" + file)
        }
    }

    /// Later than any file written so far: with no grace, every object counts as old.
    private var afterNow: Date { Date().addingTimeInterval(2) }

    @Test func sixtyPacksFromFetchesAndCommitsBecomeOne() async throws {
        let setup = try RemoteSetup()
        let (mirror, tip, status) = try await manyPacks(setup, fetches: 8, commits: 55)
        let cli = setup.cli(mirror)
        // A reachable commit made of loose objects, and an unreachable loose blob.
        let loose = try looseCommit(in: cli, fixture: setup.fixture)
        let strayFile = setup.fixture.path("stray.txt")
        try Data("unreachable\n".utf8).write(to: URL(fileURLWithPath: strayFile))
        let stray = try cli.git("hash-object", "-w", strayFile)
        // An unreachable commit in a pack of its own.
        let dropped = try #require(try setup.statusCommit(mirror, on: tip, "never pushed\n"))
        let before = try counts(cli)
        #expect(before.packs >= 60, "\(before)")
        #expect(before.loose == 4)
        let packs = try mirror.packCount()
        #expect(packs == before.packs)

        let summary = try mirror.repository.repack(keepingObjectsNewerThan: .zero, now: afterNow)

        #expect(summary.packsBefore == packs)
        #expect(summary.packsAfter == 1)
        #expect(summary.looseRemoved == 3)
        let after = try counts(cli)
        #expect(after.packs == 1)
        #expect(after.loose == 1)  // the unreachable blob: never packed, so left alone
        #expect(try cli.git("cat-file", "-t", stray) == "blob")
        try cli.git("fsck", "--strict", "--no-progress", "--no-dangling")
        #expect(throws: (any Error).self) { try cli.git("cat-file", "-e", dropped.hex) }
        for (reference, id) in [
            ("refs/remotes/origin/main", tip.hex), ("refs/heads/status", status.hex),
            ("refs/heads/loose", loose),
        ] {
            #expect(try cli.revParse(reference) == id)
            #expect(try mirror.repository.reference(reference)?.hex == id)
        }
        #expect(try cli.git("rev-list", "--count", "refs/heads/status") == "\(55 + 8 + 1)")
        // The same `Repository` reads through the new pack, and the mirror fetches and pushes on.
        let web = try #require(try mirror.repository.files(at: status, under: "status").first)
        #expect(try mirror.repository.blob(web.id) == Data("round 55\n".utf8))
        #expect(try mirror.repository.commit(tip).parents.count == 1)
        try setup.advanceOrigin(["manifests/api.yaml": "name: api\n"])
        let next = try await mirror.fetch(branch: "main")
        let pushed = try #require(try setup.statusCommit(mirror, on: next, "after repack\n"))
        #expect(try await mirror.push(pushed, to: "main") == .pushed)
        try setup.origin.git("fsck", "--strict", "--no-progress")
        try cli.git("fsck", "--strict", "--no-progress")
    }

    @Test func aKeptPackStaysAsItIs() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(["manifests/web.yaml": "name: web\n"], message: "Seed")
        let bare = try fixture.clone(work, as: "mirror.git", bare: true)
        let repository = try Repository(at: bare.path)
        let packDirectory = bare.path + "/objects/pack"
        try bare.git("repack", "-a", "-d", "-q")
        let kept = try #require(
            try FileManager.default.contentsOfDirectory(atPath: packDirectory).first { $0.hasSuffix(".pack") })
        let keep = packDirectory + "/" + kept.dropLast(".pack".count) + ".keep"
        FileManager.default.createFile(atPath: keep, contents: Data())
        var parent = try repository.resolve("main")
        for round in 1...5 {
            parent = try #require(
                try repository.commit(
                    parent: parent, updating: ["status/web.yaml": Data("round \(round)\n".utf8)], author: Self.kiln,
                    committer: Self.kiln, message: "Status \(round)", updatingBranch: "main"))
        }
        #expect(try repository.packCount() == 6)

        let summary = try repository.repack(keepingObjectsNewerThan: .zero, now: afterNow)

        #expect(summary.packsAfter == 2)
        #expect(FileManager.default.fileExists(atPath: packDirectory + "/" + kept))
        #expect(FileManager.default.fileExists(atPath: keep))
        #expect(try counts(bare).packs == 2)
        try bare.git("fsck", "--strict", "--no-progress", "--no-dangling")
        #expect(try bare.revParse("main") == parent.hex)
    }

    @Test func anUnpushedCommitAndADetachedHeadAreKeptAndOldUnreachableCommitsGo() async throws {
        let setup = try RemoteSetup()
        let (mirror, tip, _) = try await manyPacks(setup, fetches: 2, commits: 3)
        let cli = setup.cli(mirror)
        // A commit only `HEAD` names (a bare mirror keeps no reflog), and one nothing names.
        let detached = try #require(try setup.statusCommit(mirror, on: tip, "detached\n"))
        try cli.git("update-ref", "--no-deref", "HEAD", detached.hex)
        let stale = try #require(try setup.statusCommit(mirror, on: tip, "stale\n"))
        try age(cli)
        // A status commit written and not yet pushed: no reference names it either, but it is recent.
        let unpushed = try #require(try setup.statusCommit(mirror, on: tip, "in flight\n"))

        let summary = try mirror.repository.repack(keepingObjectsNewerThan: .seconds(600))

        #expect(summary.packsAfter == 1)
        #expect(try cli.git("cat-file", "-t", unpushed.hex) == "commit")
        #expect(try cli.git("cat-file", "-t", detached.hex) == "commit")
        #expect(throws: (any Error).self) { try cli.git("cat-file", "-e", stale.hex) }
        try cli.git("fsck", "--strict", "--no-progress")
        #expect(try await mirror.push(unpushed, to: "main") == .pushed)
        #expect(try setup.origin.revParse("main") == unpushed.hex)
        try setup.origin.git("fsck", "--strict", "--no-progress")
    }

    @Test func commitsWrittenWhileRepacksRunAreNeverLost() async throws {
        let setup = try RemoteSetup()
        let (mirror, _, start) = try await manyPacks(setup, fetches: 1, commits: 2)
        let repository = mirror.repository
        let rounds = 30
        // With no grace, a commit whose pack is written but whose branch has not moved yet would be dropped by a
        // repack in between: the repository's lock keeps the two apart.
        let last = try await withThrowingTaskGroup(of: ObjectID?.self) { group in
            group.addTask {
                var parent = start
                for round in 1...rounds {
                    parent = try #require(
                        try repository.commit(
                            parent: parent, updating: ["status/race.yaml": Data("race \(round)\n".utf8)],
                            author: Self.kiln, committer: Self.kiln, message: "Race \(round)",
                            updatingBranch: "status"))
                }
                return parent
            }
            group.addTask {
                for _ in 0..<rounds {
                    _ = try repository.repack(keepingObjectsNewerThan: .zero, now: Date().addingTimeInterval(3600))
                }
                return nil
            }
            var last: ObjectID?
            for try await result in group {
                if let result { last = result }
            }
            return last
        }
        let tip = try #require(last)
        let cli = setup.cli(mirror)
        #expect(try cli.revParse("refs/heads/status") == tip.hex)
        #expect(try cli.git("rev-list", "--count", tip.hex, "^\(start.hex)") == "\(rounds)")
        try cli.git("fsck", "--strict", "--no-progress")
        let race = try #require(try repository.files(at: tip, under: "status").first { $0.path == "race.yaml" })
        #expect(try repository.blob(race.id) == Data("race \(rounds)\n".utf8))
    }

    @Test func anEmptyMirrorHasNothingToRepack() throws {
        let fixture = try GitFixture()
        let mirror = try Mirror(url: "file:///nowhere/origin.git", cacheDirectory: fixture.path("cache"))
        let summary = try mirror.repository.repack(keepingObjectsNewerThan: .zero)
        #expect(summary == RepackSummary(packsBefore: 0, packsAfter: 0, objects: 0, looseRemoved: 0))
    }

    static let dates = ["GIT_AUTHOR_DATE": "1700000000 +0000", "GIT_COMMITTER_DATE": "1700000000 +0000"]
}
