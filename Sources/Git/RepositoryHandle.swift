internal import CLibGit2

/// The libgit2 repository and the object lookups every operation shares.
///
/// Not thread-safe: only used inside `Repository.withHandle`, and nothing it creates outlives that call.
final class RepositoryHandle {
    private let repository: Managed<OpaquePointer>

    init(_ repository: Managed<OpaquePointer>) {
        self.repository = repository
    }

    var pointer: OpaquePointer { repository.pointer }

    // MARK: - Objects

    func lookupCommit(_ id: ObjectID) throws(GitError) -> Managed<OpaquePointer> {
        var oid = id.oid
        return try make("look up commit \(id)", release: git_commit_free) { git_commit_lookup(&$0, pointer, &oid) }
    }

    func lookupTree(_ id: ObjectID) throws(GitError) -> Managed<OpaquePointer> {
        var oid = id.oid
        return try make("look up tree \(id)", release: git_tree_free) { git_tree_lookup(&$0, pointer, &oid) }
    }

    /// The root tree of a commit.
    func tree(of commit: ObjectID) throws(GitError) -> Managed<OpaquePointer> {
        let commitObject = try lookupCommit(commit)
        return try make("read tree of \(commit)", release: git_tree_free) { git_commit_tree(&$0, commitObject.pointer) }
    }

    /// The id of the tree every repository can name: the empty one (written if missing).
    func emptyTree() throws(GitError) -> ObjectID {
        let builder = try make("make tree builder", release: git_treebuilder_free) {
            git_treebuilder_new(&$0, pointer, nil)
        }
        var oid = git_oid()
        try check("write empty tree", git_treebuilder_write(&oid, builder.pointer))
        return ObjectID(oid)
    }

    /// The id and mode of the entry at `path` below `tree`; the tree itself for the root; nil if absent.
    func entry(at path: TreePath, in tree: Managed<OpaquePointer>) throws(GitError) -> (ObjectID, git_filemode_t)? {
        guard !path.isRoot else {
            guard let oid = git_tree_id(tree.pointer) else { return nil }
            return (ObjectID(oid), GIT_FILEMODE_TREE)
        }
        do {
            let entry = try make("look up \(path.string)", release: git_tree_entry_free) {
                git_tree_entry_bypath(&$0, tree.pointer, path.string)
            }
            guard let oid = git_tree_entry_id(entry.pointer) else { return nil }
            return (ObjectID(oid), git_tree_entry_filemode(entry.pointer))
        } catch  where error.kind == .notFound {
            return nil
        }
    }
}
