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

    /// Creates a source.
    public init(
        location: String, ref: String? = nil, path: String = "manifests", statusPath: String = "status",
        cacheDirectory: String = GitManifestSource.defaultCacheDirectory, credentials: GitCredentials = .none
    ) {
        self.location = location
        self.ref = ref
        self.path = path
        self.statusPath = statusPath
        self.cacheDirectory = cacheDirectory
        self.credentials = credentials
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
        let (repository, commit) = try await open()
        do {
            let manifests = try files(in: repository, at: commit, under: path, required: true)
                .filter { ManifestFile.isManifestPath($0.path) }
            let status = try files(in: repository, at: commit, under: statusPath, required: false)
                .filter { !$0.path.dropFirst(prefix(statusPath).count).contains("/") }
            return SourceSnapshot(commit: commit.hex, manifests: manifests, statusFiles: status)
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError.unreadable("\(error)")
        }
    }

    private func open() async throws(SourceError) -> (Repository, ObjectID) {
        if Self.isRemote(location) {
            let branch = revision
            let mirror: Mirror
            let tip: ObjectID
            do {
                mirror = try Mirror(url: location, cacheDirectory: cacheDirectory, credentials: credentials)
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

    /// Regular files below `directory`, with paths from the repository root; symbolic links are skipped.
    private func files(
        in repository: Repository, at commit: ObjectID, under directory: String, required: Bool
    ) throws -> [ManifestFile] {
        let listing = Result { () throws(GitError) -> [TreeEntry] in
            try repository.files(at: commit, under: directory)
        }
        let entries: [TreeEntry]
        switch listing {
        case .success(let found):
            entries = found
        case .failure(let error) where error.kind == .notFound:
            guard required else { return [] }
            throw SourceError.manifestPathMissing("commit \(commit.abbreviated(12)) has no directory '\(directory)'")
        case .failure(let error):
            throw error
        }
        return try entries.filter { $0.mode != .symbolicLink }.map { entry in
            ManifestFile(path: prefix(directory) + entry.path, contents: Array(try repository.blob(entry.id)))
        }
    }

    private func prefix(_ directory: String) -> String {
        let trimmed = directory.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        return trimmed.isEmpty ? "" : trimmed + "/"
    }
}
