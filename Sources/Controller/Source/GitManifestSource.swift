import Foundation
import Git
import Manifest

// MARK: - Manifests read from git without a checkout

/// Reads manifests at a revision through libgit2: a local path opens the repository directly, a URL goes through
/// a `Mirror` in a cache directory, fetched on every snapshot.
public struct GitManifestSource: ManifestSource {
    /// A repository path, or a remote URL (`https://`, `ssh://`, `git://`, `file://`, `user@host:path`).
    public var location: String
    /// For a local repository: any revision (default `HEAD`). For a URL: the branch to fetch (default `main`).
    public var ref: String?
    /// The manifest directory inside the repository (default `manifests`).
    public var path: String
    /// The status directory inside the repository (default `status`).
    public var statusPath: String
    /// Where mirrors of remote repositories live.
    public var cacheDirectory: String
    /// How to authenticate to a remote.
    public var credentials: GitCredentials
    /// The TLS trust and deadline of fetches.
    public var transfer: GitTransferSettings
    /// Manifests loaded by earlier snapshots; nil reads and decodes every file on each snapshot.
    public var manifestCache: ManifestCache?
    /// Signers whose signature the manifest commit must carry; nil (or an empty policy) verifies nothing.
    public var signatures: SignaturePolicy?

    /// Creates a source; pass a `manifestCache` kept across snapshots to read only what changed.
    public init(
        location: String, ref: String? = nil, path: String = "manifests", statusPath: String = "status",
        cacheDirectory: String = GitManifestSource.defaultCacheDirectory, credentials: GitCredentials = .none,
        transfer: GitTransferSettings = GitTransferSettings(), manifestCache: ManifestCache? = nil
    ) {
        self.transfer = transfer
        self.location = location
        self.ref = ref
        self.path = path
        self.statusPath = statusPath
        self.cacheDirectory = cacheDirectory
        self.credentials = credentials
        self.manifestCache = manifestCache
    }

    /// `$XDG_CACHE_HOME/kiln/repositories`, or `~/.cache/kiln/repositories`.
    public static var defaultCacheDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache").path
        return base + "/kiln/repositories"
    }

    /// Whether `location` names a remote (anything with a scheme, or `user@host:path`), not a local path.
    public static func isRemote(_ location: String) -> Bool {
        if location.contains("://") { return true }
        guard let colon = location.firstIndex(of: ":") else { return false }
        return !location[..<colon].contains("/") && !location.hasPrefix(".")
    }

    /// The revision read: `ref`, or `HEAD` locally and `main` for a remote.
    public var revision: String { ref ?? (Self.isRemote(location) ? "main" : "HEAD") }

    /// The default owner of this source: see `Owner.derive`.
    public var defaultOwner: String {
        Owner.derive(repository: location, branch: revision, path: path)
    }

    // MARK: - Reading

    public func snapshot() async throws(SourceError) -> SourceSnapshot {
        try await snapshot(statusRevision: nil)
    }

    /// The manifests at `revision` and the status files at `statusRevision` (nil: at `revision`; unreadable: none).
    func snapshot(statusRevision: String?) async throws(SourceError) -> SourceSnapshot {
        let (repository, commit) = try await open()
        if let signatures, signatures.isEnabled {
            let manifestCommit = Daemon.belowStatus(commit, repository, statusPath)
            do {
                _ = try signatures.verify(manifestCommit, in: repository)
            } catch {
                throw SourceError.unverified(error.description)
            }
        }
        let cache = manifestCache ?? ManifestCache()
        let entry = try cache.manifests(in: repository, at: commit, path: path)
        var status: [ManifestFile] = []
        do {
            if let statusRevision {
                if let statusCommit = try? repository.resolve(statusRevision) {
                    status = (try? statusFiles(in: repository, at: statusCommit)) ?? []
                }
            } else {
                status = try statusFiles(in: repository, at: commit)
            }
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError.unreadable("\(error)")
        }
        return SourceSnapshot(commit: commit.hex, manifests: entry.files, statusFiles: status, manifestSet: entry.set)
    }

    private func statusFiles(in repository: Repository, at commit: ObjectID) throws -> [ManifestFile] {
        try files(in: repository, at: commit, under: statusPath)
            .filter { !$0.path.dropFirst(ManifestCache.prefix(statusPath).count).contains("/") }
    }

    private func open() async throws(SourceError) -> (Repository, ObjectID) {
        if Self.isRemote(location) {
            let branch = revision
            let mirror: Mirror
            let tip: ObjectID
            do {
                mirror = try Mirror(
                    url: location, cacheDirectory: cacheDirectory, credentials: credentials, settings: transfer)
            } catch {
                throw SourceError.unreadable("\(error)")
            }
            do {
                tip = try await mirror.fetch(branch: branch)
            } catch {
                throw SourceError.fetchFailed("\(error)")
            }
            return (mirror.repository, tip)
        }
        do {
            let repository = try Repository(at: location)
            return (repository, try repository.resolve(revision))
        } catch {
            throw SourceError.unreadable("\(error)")
        }
    }

    /// Regular files below `directory`, with paths from the repository root; symbolic links are skipped, a missing
    /// directory has none.
    private func files(
        in repository: Repository, at commit: ObjectID, under directory: String
    ) throws -> [ManifestFile] {
        let listing = Result { () throws(GitError) -> [TreeEntry] in
            try repository.files(at: commit, under: directory)
        }
        let entries: [TreeEntry]
        switch listing {
        case .success(let found):
            entries = found
        case .failure(let error) where error.kind == .notFound:
            return []
        case .failure(let error):
            throw error
        }
        let prefix = ManifestCache.prefix(directory)
        return try entries.filter { $0.mode != .symbolicLink }.map { entry in
            ManifestFile(
                path: prefix + entry.path,
                limitedBytes: try repository.blob(entry.id, maxBytes: ManifestLoader.maxManifestBytes))
        }
    }
}
