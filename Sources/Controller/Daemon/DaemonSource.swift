import Foundation
import Git
import Manifest

// MARK: - What one daemon cycle reads

/// The manifests at the reconciled commit and the status files at the status branch's tip, read from the
/// daemon's mirror without fetching (the daemon fetched just before).
public struct DaemonSource: ManifestSource {
    /// The mirror's git directory.
    public var repositoryPath: String
    /// The commit whose manifests are reconciled.
    public var manifestCommit: String
    /// The tip holding the newest status files (nil: none yet).
    public var statusCommit: String?
    public var manifestsPath: String
    public var statusPath: String
    /// Manifests loaded by earlier cycles: an unchanged manifest directory costs a lookup.
    public var manifestCache: ManifestCache

    /// Creates a source; the daemon passes the same `manifestCache` to every cycle.
    public init(
        repositoryPath: String, manifestCommit: String, statusCommit: String?, manifestsPath: String,
        statusPath: String, manifestCache: ManifestCache = ManifestCache()
    ) {
        self.repositoryPath = repositoryPath
        self.manifestCommit = manifestCommit
        self.statusCommit = statusCommit
        self.manifestsPath = manifestsPath
        self.statusPath = statusPath
        self.manifestCache = manifestCache
    }

    public func snapshot() async throws(SourceError) -> SourceSnapshot {
        let source = GitManifestSource(
            location: repositoryPath, ref: manifestCommit, path: manifestsPath, statusPath: statusPath,
            manifestCache: manifestCache)
        return try await source.snapshot(statusRevision: statusCommit == manifestCommit ? nil : statusCommit)
    }
}
