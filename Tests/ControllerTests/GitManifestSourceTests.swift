import Controller
import Foundation
import KilnTestSupport
import Testing

/// Manifests read at a commit without a checkout: a local path directly, a URL through a mirror.
struct GitManifestSourceTests {
    static func repository() throws -> (GitFixture, GitFixture.Repository, String) {
        let fixture = try GitFixture()
        let repository = try fixture.makeRepository("config")
        let commit = try repository.commit(
            [
                "manifests/web.yaml": Manifests.image(version: "1.0.0"),
                "manifests/team/api.yml": Manifests.image("api", version: "2.0.0"),
                "manifests/notes.txt": "not a manifest\n",
                "status/web.yaml": "failures: []\n",
                "status/README.md": "# Status\n",
                "status/archive/old.yaml": "failures: []\n",
            ], message: "Manifests")
        return (fixture, repository, commit)
    }

    @Test func localPathReadsTheCommitWithoutACheckout() async throws {
        let (_, repository, commit) = try Self.repository()
        try FileManager.default.removeItem(atPath: repository.path + "/manifests")
        let snapshot = try await GitManifestSource(location: repository.path).snapshot()
        #expect(snapshot.commit == commit)
        #expect(snapshot.manifests.map(\.path) == ["manifests/team/api.yml", "manifests/web.yaml"])
        #expect(snapshot.statusFiles.map(\.path).sorted() == ["status/README.md", "status/web.yaml"])
    }

    @Test func refSelectsTheRevision() async throws {
        let (_, repository, first) = try Self.repository()
        try repository.branch("release")
        try repository.commit(["manifests/web.yaml": Manifests.image(version: "1.1.0")])
        let snapshot = try await GitManifestSource(location: repository.path, ref: "release").snapshot()
        #expect(snapshot.commit == first)
        #expect(String(decoding: snapshot.manifests[1].contents, as: UTF8.self).contains("version: 1.0.0"))
    }

    @Test func urlGoesThroughAMirrorAndFetchesEveryTime() async throws {
        let (fixture, repository, first) = try Self.repository()
        let source = GitManifestSource(location: repository.fileURL, cacheDirectory: fixture.path("cache"))
        #expect(try await source.snapshot().commit == first)
        let second = try repository.commit(["manifests/web.yaml": Manifests.image(version: "1.1.0")])
        #expect(try await source.snapshot().commit == second, "level-triggered: every snapshot fetches")
        let mirrors = try FileManager.default.contentsOfDirectory(atPath: fixture.path("cache"))
        #expect(mirrors.count == 1 && mirrors[0].hasSuffix(".git"))
    }

    static let failures: [(name: String, ref: String?, path: String, reason: String)] = [
        ("unknown revision", "no-such-branch", "manifests", "source_unreadable"),
        ("no manifest directory", nil, "elsewhere", "manifest_path_missing"),
    ]

    @Test(arguments: failures)
    func failuresAreClassified(_ failure: (name: String, ref: String?, path: String, reason: String)) async throws {
        let (_, repository, _) = try Self.repository()
        await #expect {
            try await GitManifestSource(location: repository.path, ref: failure.ref, path: failure.path).snapshot()
        } throws: { error in
            (error as? SourceError)?.reason == failure.reason
        }
    }

    @Test func unreachableRemoteIsAFetchFailure() async throws {
        let fixture = try GitFixture()
        let source = GitManifestSource(
            location: "file://" + fixture.path("missing.git"), cacheDirectory: fixture.path("cache"))
        await #expect {
            try await source.snapshot()
        } throws: { error in
            guard let error = error as? SourceError else { return false }
            return error.reason == "source_fetch_failed" && error.isTransient
        }
    }

    @Test func remoteLocationsAreRecognised() {
        #expect(GitManifestSource.isRemote("https://github.com/acme/images.git"))
        #expect(GitManifestSource.isRemote("git@github.com:acme/images.git"))
        #expect(GitManifestSource.isRemote("file:///srv/images"))
        #expect(!GitManifestSource.isRemote("/srv/images"))
        #expect(!GitManifestSource.isRemote("./images"))
        #expect(GitManifestSource(location: "https://h/x.git").revision == "main")
        #expect(GitManifestSource(location: "/srv/x").revision == "HEAD")
    }
}
