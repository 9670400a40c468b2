internal import CLibGit2
import Foundation
import Synchronization

/// A git repository on local disk (bare or with a working tree), read and written through libgit2 without a
/// checkout.
///
/// Safe to share between tasks: every call takes the repository's lock, so libgit2 never sees the same repository
/// from two threads at once. Calls block the caller for the duration of the (local, usually quick) git work.
public final class Repository: Sendable {
    /// The repository's git directory (for a bare repository, the repository itself), ending in `/`.
    public let path: String
    /// Whether the repository has no working tree.
    public let isBare: Bool

    private let handle: Mutex<RepositoryHandle>

    private init(_ handle: sending RepositoryHandle) {
        path = git_repository_path(handle.pointer).map { String(cString: $0) } ?? ""
        isBare = git_repository_is_bare(handle.pointer) == 1
        self.handle = Mutex(handle)
    }

    /// Opens the existing repository at exactly `path` (its working tree or git directory); no parent search.
    public convenience init(at path: String) throws(GitError) {
        try LibGit2.initialise()
        let repository = try make("open repository \(path)", release: git_repository_free) {
            git_repository_open_ext(&$0, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        self.init(RepositoryHandle(repository))
    }

    /// Creates an empty bare repository at `path`, making missing directories; opens it if it already exists.
    public static func createBare(at path: String) throws(GitError) -> Repository {
        try LibGit2.initialise()
        let repository = try make("create bare repository \(path)", release: git_repository_free) {
            git_repository_init(&$0, path, 1)
        }
        return Repository(RepositoryHandle(repository))
    }

    /// Runs `body` with exclusive use of the libgit2 repository.
    func withHandle<Result: Sendable, Failure: Error>(
        _ body: (RepositoryHandle) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try handle.withLock { (handle) throws(Failure) -> Result in try body(handle) }
    }

    /// Runs `body` with exclusive use of the libgit2 repository, then replaces the handle with a freshly opened one
    /// (whatever `body`'s outcome), so that no pack list read before `body` outlives it. Keeps the old handle if
    /// the repository cannot be opened again.
    func withHandleReopened<Result: Sendable>(
        _ body: (RepositoryHandle) throws(GitError) -> Result
    ) throws(GitError) -> Result {
        try handle.withLock { (handle) throws(GitError) -> Result in
            defer {
                let reopened = try? make("open repository \(path)", release: git_repository_free) {
                    git_repository_open_ext(&$0, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
                }
                if let reopened { handle = RepositoryHandle(reopened) }
            }
            return try body(handle)
        }
    }
}

// MARK: - Reading

extension Repository {
    /// Resolves a branch name, tag, full reference, commit id or abbreviated commit id to a commit, peeling tags.
    ///
    /// Anything `git rev-parse` understands is accepted, as long as it names a commit in the end.
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        try withHandle { (handle) throws(GitError) in try handle.resolve(revision) }
    }

    /// The id a reference points at, peeled to a commit (e.g. `refs/remotes/origin/main`); nil if it doesn't exist.
    public func reference(_ name: String) throws(GitError) -> ObjectID? {
        try withHandle { (handle) throws(GitError) in try handle.reference(name) }
    }

    /// A commit's tree, parents, author, committer and message.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        try withHandle { (handle) throws(GitError) in try handle.commitDetails(id) }
    }

    /// Every file (recursively) below `directory` in a commit's tree, sorted by path, with paths relative to it.
    ///
    /// `""` or `"."` lists the whole tree. Submodules are skipped. Throws `.notFound` if `directory` does not
    /// exist in the commit, `.invalidArgument` if it names a file.
    public func files(at commit: ObjectID, under directory: String = "") throws(GitError) -> [TreeEntry] {
        let path = try TreePath(directory)
        return try withHandle { (handle) throws(GitError) in try handle.files(at: commit, under: path) }
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> Data {
        try withHandle { (handle) throws(GitError) in try handle.blob(id) }
    }

    /// Whether the file or directory at `path` differs between two commits (added, removed or changed).
    ///
    /// Compares tree entry ids only, so it costs a few object lookups whatever the size of the change.
    public func hasChanges(at path: String, from old: ObjectID, to new: ObjectID) throws(GitError) -> Bool {
        let path = try TreePath(path)
        return try withHandle { (handle) throws(GitError) in try handle.hasChanges(at: path, from: old, to: new) }
    }
}
