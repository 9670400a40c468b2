import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// A commit Kiln writes reaches disk as one pack holding exactly its new objects: no loose object files.
@Suite struct RepositoryWritePackTests {
    static let kiln = Signature(
        name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1_750_000_000))

    private struct Counts: Equatable {
        var loose: Int
        var packs: Int
    }

    /// `git count-objects -v`: loose objects and packs.
    private func counts(_ repository: GitFixture.Repository) throws -> Counts {
        var values: [String: Int] = [:]
        for line in try repository.git("count-objects", "-v").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let value = Int(parts[1]) { values[parts[0]] = value }
        }
        return Counts(loose: values["count"] ?? -1, packs: values["packs"] ?? -1)
    }

    /// The ids in the newest pack of `repository`, by type.
    private func newestPack(_ repository: GitFixture.Repository) throws -> [String: Set<String>] {
        let directory = repository.path + "/objects/pack"
        let indexes = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".idx") }
        let newest = try #require(
            try indexes.max {
                let a = try FileManager.default.attributesOfItem(atPath: directory + "/" + $0)
                let b = try FileManager.default.attributesOfItem(atPath: directory + "/" + $1)
                return (a[.modificationDate] as? Date ?? .distantPast) < (b[.modificationDate] as? Date ?? .distantPast)
            })
        var objects: [String: Set<String>] = [:]
        for line in try repository.git("verify-pack", "-v", directory + "/" + newest).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[0].count == 40, ["commit", "tree", "blob"].contains(fields[1]) else {
                continue
            }
            objects[String(fields[1]), default: []].insert(String(fields[0]))
        }
        return objects
    }

    private func seeded() throws -> (GitFixture, GitFixture.Repository, Repository, ObjectID) {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(
            [
                "manifests/web.yaml": "name: web\n", "status/web.yaml": "old\n", "status/api.yaml": "same\n",
                "status/nested/deep.yaml": "deep\n",
            ],
            message: "Seed")
        let bare = try fixture.clone(work, as: "remote.git", bare: true)
        try bare.git("repack", "-a", "-d", "-q")
        let repository = try Repository(at: bare.path)
        return (fixture, bare, repository, try repository.resolve("main"))
    }

    @Test func writesOnePackOfTheNewObjectsOnly() throws {
        let (_, bare, repository, tip) = try seeded()
        let before = try counts(bare)
        let id = try #require(
            try repository.commit(
                parent: tip,
                updating: [
                    "status/web.yaml": Data("ready\n".utf8), "status/api.yaml": Data("same\n".utf8),
                    "status/new/one.yaml": Data("one\n".utf8),
                ],
                removingOthersUnder: "status", author: Self.kiln, committer: Self.kiln, message: "Status",
                updatingBranch: "main"))

        #expect(try counts(bare) == Counts(loose: before.loose, packs: before.packs + 1))
        let pack = try newestPack(bare)
        #expect(pack["commit"] == [id.hex])
        let trees = try ["^{tree}", ":status", ":status/new"].map { try bare.git("rev-parse", id.hex + $0) }
        #expect(pack["tree"] == Set(trees))
        let blobs = try ["status/web.yaml", "status/new/one.yaml"].map { try bare.git("rev-parse", "\(id.hex):\($0)") }
        #expect(pack["blob"] == Set(blobs))
        try bare.git("fsck", "--strict", "--no-dangling")
        #expect(try bare.revParse("main") == id.hex)
        #expect(try repository.commit(id).parents == [tip])
        #expect(try repository.files(at: id, under: "status").map(\.path) == ["api.yaml", "new/one.yaml", "web.yaml"])
    }

    @Test func writesNothingWhenTheTreeIsUnchanged() throws {
        let (_, bare, repository, tip) = try seeded()
        let before = try counts(bare)
        let result = try repository.commit(
            parent: tip, updating: ["status/web.yaml": Data("old\n".utf8)], author: Self.kiln,
            committer: Self.kiln, message: "Nothing", updatingBranch: "main")
        #expect(result == nil)
        #expect(try counts(bare) == before)
        #expect(try bare.revParse("main") == tip.hex)
    }

    @Test func commitsInARowEachReadBackThroughTheSameRepository() throws {
        let (_, bare, repository, tip) = try seeded()
        var parent = tip
        for round in 1...3 {
            parent = try #require(
                try repository.commit(
                    parent: parent, updating: ["status/web.yaml": Data("round \(round)\n".utf8)],
                    author: Self.kiln, committer: Self.kiln, message: "Round \(round)", updatingBranch: "main"))
            let web = try #require(try repository.files(at: parent, under: "status").first { $0.path == "web.yaml" })
            #expect(try repository.blob(web.id) == Data("round \(round)\n".utf8))
        }
        #expect(try counts(bare).loose == 0)
        try bare.git("fsck", "--strict", "--no-dangling")
        #expect(try bare.git("rev-list", "--count", "main") == "4")
    }

    /// Open file descriptors of this process on `directory`'s pack files.
    private func openPacks(under directory: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count { fd in
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd)
            return target.map { $0.hasPrefix(directory) && $0.hasSuffix(".pack") } ?? false
        }
    }

    @Test func packsBeyondTheLimitAreNotAllKeptOpen() throws {
        let (_, bare, repository, tip) = try seeded()
        let count = LibGit2.openPackLimit + 36
        var commits: [ObjectID] = []
        var parent = tip
        for round in 1...count {
            parent = try #require(
                try repository.commit(
                    parent: parent, updating: ["status/round-\(round).yaml": Data("round \(round)\n".utf8)],
                    author: Self.kiln, committer: Self.kiln, message: "Round \(round)", updatingBranch: "main"))
            commits.append(parent)
        }
        #expect(try counts(bare).packs > count)
        // Each round's blob is only in its own pack: reading them all opens every pack.
        for (index, commit) in commits.enumerated() {
            let name = "round-\(index + 1).yaml"
            let entry = try #require(try repository.files(at: commit, under: "status").first { $0.path == name })
            #expect(try repository.blob(entry.id) == Data("round \(index + 1)\n".utf8))
        }
        let open = try openPacks(under: bare.path)
        #expect(open <= LibGit2.openPackLimit, "\(open) pack files open")
    }
}
