import Foundation
import KilnTestSupport

/// A bare repository of generated manifests, made with the git CLI, and the commits the benchmarks read.
struct ManifestRepository: Sendable {
    /// Keeps the temporary directory alive.
    let fixture: GitFixture
    /// The bare repository's path.
    let path: String
    /// All manifests.
    let initial: String
    /// `initial` plus a status file: the manifests are unchanged.
    let statusOnly: String
    /// `statusOnly` with one manifest changed.
    let oneChanged: String
    /// How many manifests.
    let count: Int

    static func make(count: Int, corpus: ManifestCorpus) throws -> ManifestRepository {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let initial = try work.commit(corpus.files(count: count), message: "Add \(count) images")
        let statusOnly = try work.commit(["status/README.md": "# Status\n\n| image | ready |\n"], message: "Status")
        let changed = ["manifests/\(ManifestCorpus.name(1)).yaml": corpus.manifest(1, revision: 1)]
        let oneChanged = try work.commit(changed, message: "Bump \(ManifestCorpus.name(1))")
        let bare = try fixture.clone(work, as: "manifests.git", bare: true)
        try bare.git("gc", "-q")
        return ManifestRepository(
            fixture: fixture, path: bare.path, initial: initial, statusOnly: statusOnly, oneChanged: oneChanged,
            count: count)
    }
}
