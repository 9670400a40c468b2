import Controller
import Foundation
import KilnTestSupport
import Manifest
import Testing

/// The manifest cache: unchanged manifests cost no blob read and no parse; changed ones are always read again.
struct ManifestCacheTests {
    static let base = """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: base
        spec:
          version: 1.0.0
          source: {ami: ami-0abc1234}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
          provision: [{name: a, run: x}]

        """

    static func layered(_ name: String, on base: String = "base", version: String = "1.0.0") -> String {
        """
        apiVersion: kiln/v1
        kind: Image
        metadata:
          name: \(name)
        spec:
          version: \(version)
          source: {image: \(base)}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
          provision: [{name: a, run: x}]

        """
    }

    struct World {
        let fixture: GitFixture
        let repository: GitFixture.Repository
        let cache = ManifestCache()

        init() throws {
            fixture = try GitFixture()
            repository = try fixture.makeRepository("config")
            try repository.commit(
                [
                    "manifests/base.yaml": ManifestCacheTests.base,
                    "manifests/web.yaml": ManifestCacheTests.layered("web"),
                    "manifests/api.yaml": ManifestCacheTests.layered("api"),
                ], message: "Manifests")
        }

        /// A snapshot through the cache, checked against loading its files from scratch.
        func snapshot(_ ref: String? = nil) async throws -> SourceSnapshot {
            let snapshot = try await GitManifestSource(location: repository.path, ref: ref, manifestCache: cache)
                .snapshot()
            #expect(snapshot.manifestSet == ManifestLoader.load(files: snapshot.manifests), "same as uncached")
            return snapshot
        }
    }

    // MARK: - Hits

    @Test func sameCommitReadsNoBlobAndParsesNothing() async throws {
        let world = try World()
        let first = try await world.snapshot()
        let before = world.cache.statistics
        #expect(before.blobsRead == 3 && before.filesDecoded == 3)
        let second = try await world.snapshot()
        let after = world.cache.statistics
        #expect(after.blobsRead == 3 && after.filesDecoded == 3)
        #expect(after.answers[.commit] == 1)
        #expect(second.manifestSet == first.manifestSet)
        #expect(second.manifestSet?.images.map(\.name) == ["base", "api", "web"])
    }

    @Test func statusOnlyCommitReadsNoManifest() async throws {
        let world = try World()
        _ = try await world.snapshot()
        let status = try world.repository.commit(["status/README.md": "# Status\n"], message: "Status")
        let snapshot = try await world.snapshot()
        #expect(snapshot.commit == status)
        #expect(snapshot.statusFiles.map(\.path) == ["status/README.md"])
        let statistics = world.cache.statistics
        #expect(statistics.answers[.directory] == 1)
        #expect(statistics.blobsRead == 3 && statistics.filesDecoded == 3)
    }

    @Test func daemonSourceAnswersFromTheCacheAcrossCycles() async throws {
        let world = try World()
        let commit = try world.repository.revParse("HEAD")
        let status = try world.repository.commit(["status/web.yaml": "failures: []\n"], message: "Status")
        let source = DaemonSource(
            repositoryPath: world.repository.path, manifestCommit: commit, statusCommit: status,
            manifestsPath: "manifests", statusPath: "status", manifestCache: world.cache)
        for _ in 0..<3 {
            let snapshot = try await source.snapshot()
            #expect(snapshot.commit == commit)
            #expect(snapshot.statusFiles.map(\.path) == ["status/web.yaml"])
            #expect(snapshot.manifestSet?.images.count == 3)
        }
        #expect(world.cache.statistics.blobsRead == 3)
        #expect(world.cache.statistics.answers[.commit] == 2)
    }

    // MARK: - Changes are read again

    @Test func changedManifestIsReadAgainAndOthersReused() async throws {
        let world = try World()
        _ = try await world.snapshot()
        try world.repository.commit(["manifests/web.yaml": Self.layered("web", version: "2.0.0")])
        let snapshot = try await world.snapshot()
        #expect(snapshot.manifestSet?.image(named: "web")?.spec.version.description == "2.0.0", "not stale")
        let statistics = world.cache.statistics
        #expect(statistics.blobsRead == 4 && statistics.filesDecoded == 4)
        #expect(statistics.filesReused == 2)
        #expect(statistics.answers[.reloaded] == 2)
    }

    @Test func rulesAcrossFilesRunAgainOnReusedFiles() async throws {
        let world = try World()
        _ = try await world.snapshot()
        try world.repository.commit(["manifests/base.yaml": Self.base.replacingOccurrences(of: "1.0.0", with: "x")])
        let broken = try await world.snapshot()
        let set = try #require(broken.manifestSet)
        #expect(set.images.isEmpty, "web and api are unchanged files, but their base is now invalid")
        #expect(set.invalidNames == ["base", "web", "api"])
        #expect(world.cache.statistics.filesDecoded == 4)

        try world.repository.commit(["manifests/copy.yaml": Self.layered("web")], removing: ["manifests/api.yaml"])
        try world.repository.commit(["manifests/base.yaml": Self.base])
        let duplicated = try #require(try await world.snapshot().manifestSet)
        #expect(duplicated.images.map(\.name) == ["base"])
        #expect(duplicated.invalidFiles == ["manifests/copy.yaml", "manifests/web.yaml"])
        #expect(duplicated.files == ["manifests/base.yaml", "manifests/copy.yaml", "manifests/web.yaml"])
    }

    @Test func goingBackToAnOlderCommitGivesItsManifests() async throws {
        let world = try World()
        let first = try world.repository.revParse("HEAD")
        let original = try await world.snapshot()
        try world.repository.commit(["manifests/api.yaml": Self.layered("api", version: "3.0.0")])
        _ = try await world.snapshot()
        let again = try await world.snapshot(first)
        #expect(again.manifestSet == original.manifestSet)
        #expect(again.manifestSet?.image(named: "api")?.spec.version.description == "1.0.0")
    }

    @Test func removedDirectoryIsReportedNotServedFromTheCache() async throws {
        let world = try World()
        _ = try await world.snapshot()
        try world.repository.commit(
            [:], removing: ["manifests/base.yaml", "manifests/web.yaml", "manifests/api.yaml"])
        await #expect {
            try await GitManifestSource(location: world.repository.path, manifestCache: world.cache).snapshot()
        } throws: { error in
            (error as? SourceError)?.reason == "manifest_path_missing"
        }
    }
}
