internal import CLibGit2

// MARK: - Ids of trees inside a commit

extension Repository {
    /// What a path names in a commit's tree: a directory's tree id or a file's blob id, as git stores it.
    public enum PathObject: Sendable, Hashable {
        /// A directory, with the id of its tree.
        case tree(ObjectID)
        /// A file (regular, executable or link), with the id of its blob.
        case blob(ObjectID)
    }

    /// The object at `path` in `commit`'s tree (`""` is the root tree); nil if the path does not exist.
    ///
    /// Costs a commit and a few tree lookups, whatever the size of the directory: equal ids mean equal contents.
    public func object(at path: String, in commit: ObjectID) throws(GitError) -> PathObject? {
        let path = try TreePath(path)
        return try withHandle { (handle) throws(GitError) -> PathObject? in
            guard let (id, mode) = try handle.entry(at: path, in: handle.tree(of: commit)) else { return nil }
            return mode == GIT_FILEMODE_TREE ? .tree(id) : .blob(id)
        }
    }
}
