import Foundation
import KilnTestSupport

@testable import Git

/// An `origin.git` bare repository with one pushed commit on `main`, a working clone to move it, and a cache.
struct RemoteSetup {
    let fixture: GitFixture
    let origin: GitFixture.Repository
    let work: GitFixture.Repository
    let cache: String

    init() throws {
        fixture = try GitFixture()
        origin = try fixture.makeBareRepository("origin.git")
        let seed = try fixture.makeRepository("seed")
        try seed.commit(["manifests/web.yaml": "name: web\n", "status/web.yaml": "s0\n"], message: "Seed")
        try seed.git("push", "-q", origin.path, "main")
        work = try fixture.clone(origin, as: "work")
        cache = fixture.path("cache")
    }

    /// Commits in the working clone and pushes to origin, as a person would.
    @discardableResult
    func advanceOrigin(_ files: [String: String], message: String = "Change") throws -> String {
        try work.git("pull", "-q", "--ff-only", "origin", "main")
        let id = try work.commit(files, message: message)
        try work.git("push", "-q", "origin", "main")
        return id
    }

    /// The mirror seen through the git CLI.
    func cli(_ mirror: Mirror) -> GitFixture.Repository {
        GitFixture.Repository(path: mirror.path, isBare: true)
    }

    /// A status commit on `parent` in the mirror.
    func statusCommit(_ mirror: Mirror, on parent: ObjectID, _ text: String) throws -> ObjectID? {
        try mirror.repository.commit(
            parent: parent, updating: ["status/web.yaml": Data(text.utf8)], removingOthersUnder: "status",
            author: Signature(name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1.8e9)),
            committer: Signature(name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1.8e9)),
            message: "Update status", trailers: [Trailer("Kiln-Observed-Commit", parent.hex)])
    }
}
