import Foundation

/// A bare mirror of one remote repository in a cache directory, fetched one branch at a time and pushed to
/// fast-forward only.
///
/// The directory is `<cacheDirectory>/<hash of the URL without credentials>.git`. The remote is never written to
/// the mirror's config; fetched branches live in `refs/remotes/origin/<branch>`.
///
/// ```swift
/// let mirror = try Mirror(url: "https://github.com/acme/images.git", cacheDirectory: cache,
///                         credentials: .httpsToken(tokenFile: "/run/secrets/git-token"))
/// let tip = try await mirror.fetch(branch: "main")
/// let files = try mirror.repository.files(at: tip, under: "manifests")
/// ```
public final class Mirror: Sendable {
    /// The local bare repository; read it and write commits to it.
    public let repository: Repository
    /// The remote's URL with credentials removed, for logs.
    public let url: String

    let remote: RemoteURL
    let credentials: GitCredentials
    let settings: GitTransferSettings

    /// Opens the mirror of `url` below `cacheDirectory`, creating the directory and the bare repository if needed.
    ///
    /// Refuses credentials that do not fit the URL (a token or password for anything but `https://`) and secret
    /// files that group or others may read (`GitCredentials.check(for:)`), before any connection.
    public init(
        url: String, cacheDirectory: String, credentials: GitCredentials = .none,
        settings: GitTransferSettings = GitTransferSettings()
    ) throws(GitError) {
        let remote = try RemoteURL(url)
        try credentials.check(for: url)
        let path = URL(fileURLWithPath: cacheDirectory).appendingPathComponent(remote.cacheName).path
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        } catch {
            throw GitError(.other, operation: "create cache directory", message: "\(cacheDirectory): \(error)")
        }
        repository = try Repository.createBare(at: path)
        self.remote = remote
        self.url = remote.redacted
        self.credentials = credentials
        self.settings = settings
    }

    /// The directory of the mirror's bare repository.
    public var path: String { repository.path }

    /// The tip of `branch` as last fetched (`refs/remotes/origin/<branch>`), or nil if never fetched.
    public func fetchedTip(of branch: String) throws(GitError) -> ObjectID? {
        let tracking = try Self.trackingReference(branch)
        return try repository.reference(tracking)
    }

    /// Fetches `branch` (and only it, without tags) from the remote and returns the remote's tip.
    ///
    /// Incremental: only objects the mirror lacks are transferred. Throws `.notFound` if the remote has no such
    /// branch; `CancellationError` if the task is cancelled during the transfer.
    public func fetch(branch: String) async throws -> ObjectID {
        let source = try RepositoryHandle.branchReference(branch)
        let tracking = try Self.trackingReference(branch)
        let operation = "fetch \(branch) from \(url)"
        return try await fetching("+\(source):\(tracking)", as: operation, reflog: "kiln: fetch \(branch)") {
            (handle, remote) throws -> ObjectID in
            guard let tip = try handle.advertisedTip(remote, reference: source) else {
                throw GitError(.notFound, operation: operation, message: "the remote has no branch '\(branch)'")
            }
            if try handle.reference(tracking) != tip {
                try handle.setReference(tracking, to: tip, message: "kiln: fetch \(branch)")
            }
            return tip
        }
    }

    /// `refs/remotes/origin/<branch>`, checked for validity.
    static func trackingReference(_ branch: String) throws(GitError) -> String {
        _ = try RepositoryHandle.branchReference(branch)
        return "refs/remotes/origin/" + branch
    }
}
