import Foundation
import Git
import KilnTestSupport

@testable import Controller

/// A bare `origin` with manifests, a working clone for "users", and a daemon's mirror settings.
struct Remote: Sendable {
    let fixture: GitFixture
    let origin: GitFixture.Repository
    let work: GitFixture.Repository
    /// The URL the daemon fetches (file:// unless given).
    let url: String

    init(url makeURL: ((GitFixture.Repository) throws -> String)? = nil, manifests: [String: String]) throws {
        fixture = try GitFixture()
        origin = try fixture.makeBareRepository("origin.git")
        try origin.git("config", "core.logAllRefUpdates", "always")
        work = try fixture.clone(origin, as: "work")
        try work.commit(
            Dictionary(uniqueKeysWithValues: manifests.map { ("manifests/" + $0.key, $0.value) }),
            message: "Add manifests")
        try work.git("push", "-q", "origin", "HEAD:main")
        url = try makeURL?(origin) ?? origin.fileURL
    }

    /// A user's commit of `files` pushed to main (after pulling what others pushed); returns its id.
    @discardableResult
    func push(_ files: [String: String], message: String) throws -> String {
        try work.git("pull", "-q", "--rebase", "origin", "main")
        try work.commit(files, message: message)
        try work.git("push", "-q", "origin", "HEAD:main")
        return try work.revParse("HEAD")
    }

    /// Daemon settings for this remote.
    func settings(statusBranch: String? = nil) -> DaemonConfiguration {
        var settings = DaemonConfiguration()
        settings.repository.url = url
        settings.repository.statusBranch = statusBranch
        settings.cacheDirectory = fixture.path("cache")
        settings.owner = "kiln-test"
        return settings
    }

    /// `git log --format=%H %s` of a branch of origin.
    func log(_ branch: String = "main") throws -> [String] {
        try origin.git("log", "--format=%H %s", branch).split(separator: "\n").map(String.init)
    }
}
