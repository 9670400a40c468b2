import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct MirrorFetchTests {
    @Test func clonesAndFetchesIncrementallyOverFileURLs() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.fileURL, cacheDirectory: setup.cache)
        #expect(mirror.path.hasPrefix(setup.cache + "/"))
        #expect(try mirror.fetchedTip(of: "main") == nil)

        let first = try await mirror.fetch(branch: "main")
        #expect(first.hex == (try setup.origin.revParse("main")))
        #expect(try mirror.fetchedTip(of: "main") == first)
        #expect(try mirror.repository.files(at: first, under: "manifests").map(\.path) == ["web.yaml"])

        let packsBefore = try packs(in: mirror)
        let second = try setup.advanceOrigin(["manifests/api.yaml": "name: api\n"])
        #expect(try await mirror.fetch(branch: "main").hex == second)
        let newPacks = try packs(in: mirror).subtracting(packsBefore)
        let transferred = try newPacks.reduce(0) { $0 + (try objectCount(ofPack: $1, in: mirror)) }
        let needed = try setup.origin.git("rev-list", "--objects", "\(first.hex)..\(second)").split(separator: "\n")
        #expect(transferred == needed.count)
        #expect(try setup.cli(mirror).git("fsck", "--strict", "--no-dangling").isEmpty)

        let byPath = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        #expect(byPath.path == mirror.path)
        let sameURL = try Mirror(url: setup.origin.fileURL, cacheDirectory: setup.cache)
        #expect(sameURL.path == mirror.path)
        #expect(try sameURL.fetchedTip(of: "main")?.hex == second)
    }

    @Test func fetchesOnlyTheRequestedBranchWithoutTags() async throws {
        let setup = try RemoteSetup()
        try setup.work.commit(["other.txt": "x\n"], message: "Other")
        try setup.work.tag("v1", message: "Tag")
        try setup.work.git("push", "-q", "origin", "HEAD:refs/heads/other", "v1")
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        _ = try await mirror.fetch(branch: "main")
        #expect(try setup.cli(mirror).git("for-each-ref", "--format=%(refname)") == "refs/remotes/origin/main")
        let other = try await mirror.fetch(branch: "other")
        #expect(other.hex == (try setup.origin.revParse("other")))
    }

    @Test func missingBranchesAndBadNamesAreTyped() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        let missing = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "nope") }
        #expect(missing?.kind == .notFound)
        let bad = await #expect(throws: GitError.self) { try await mirror.fetch(branch: "bad..name") }
        #expect(bad?.kind == .invalidSpec)
        let gone = try Mirror(url: setup.fixture.path("absent.git"), cacheDirectory: setup.cache)
        let error = await #expect(throws: GitError.self) { try await gone.fetch(branch: "main") }
        #expect(error?.errorClass != "kiln")
        #expect(error?.message.isEmpty == false)
    }

    @Test func fetchesFromAGitDaemon() async throws {
        let setup = try RemoteSetup()
        let daemon = try GitDaemon(basePath: setup.fixture.directory)
        defer { daemon.stop() }
        let mirror = try Mirror(url: daemon.url(for: "origin.git"), cacheDirectory: setup.cache)
        #expect(try await mirror.fetch(branch: "main").hex == (try setup.origin.revParse("main")))
        let next = try setup.advanceOrigin(["manifests/db.yaml": "name: db\n"])
        #expect(try await mirror.fetch(branch: "main").hex == next)
        #expect(try mirror.repository.files(at: mirror.repository.resolve(next), under: "manifests").count == 2)
    }

    @Test func gitConfigurationCannotRedirectTheRemote() async throws {
        let setup = try RemoteSetup()
        let decoy = try setup.fixture.makeBareRepository("decoy.git")
        let other = try setup.fixture.makeRepository("other")
        try other.commit(["manifests/evil.yaml": "name: evil\n"], message: "Decoy")
        try other.git("push", "-q", decoy.path, "main")
        let mirror = try Mirror(url: setup.origin.fileURL, cacheDirectory: setup.cache)
        let first = try await mirror.fetch(branch: "main")
        for key in ["insteadOf", "pushInsteadOf"] {
            try setup.cli(mirror).git("config", "url.\(decoy.fileURL).\(key)", setup.origin.fileURL)
        }

        let next = try setup.advanceOrigin(["manifests/api.yaml": "name: api\n"])
        #expect(try await mirror.fetch(branch: "main").hex == next)
        let status = try #require(try setup.statusCommit(mirror, on: mirror.repository.resolve(next), "s1\n"))
        #expect(try await mirror.push(status, to: "main") == .pushed)
        #expect(try setup.origin.revParse("main") == status.hex)
        #expect(try decoy.revParse("main") != status.hex)
        #expect(first.hex != (try decoy.revParse("main")))
    }

    // MARK: - Pack inspection

    private func packs(in mirror: Mirror) throws -> Set<String> {
        let directory = mirror.path + "objects/pack"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Set(names.filter { $0.hasSuffix(".idx") }.map { directory + "/" + $0 })
    }

    private func objectCount(ofPack index: String, in mirror: Mirror) throws -> Int {
        let output = try GitCommand.run(["verify-pack", "-v", index], in: mirror.path)
        return output.split(separator: "\n").filter {
            $0.contains(" commit ") || $0.contains(" tree ")
                || $0.contains(" blob ") || $0.contains(" tag ")
        }.count
    }
}
