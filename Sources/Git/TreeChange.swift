/// A path whose entry differs between two commits' trees, as `Repository.changes(from:to:limit:)` lists it.
public struct TreeChange: Sendable, Hashable {
    /// The full path from the root, e.g. `manifests/web.yaml`; a directory's path when the whole directory was added
    /// or removed, or when a file became a directory or the reverse.
    public var path: String
    /// The file at `path` after the change (its `path` is the full path); nil when nothing is there any more, or a
    /// directory or a submodule is.
    public var file: TreeEntry?

    /// Creates a change.
    public init(path: String, file: TreeEntry?) {
        self.path = path
        self.file = file
    }
}

extension Repository {
    /// The paths added, removed or changed (in content, mode or kind) from `old`'s tree to `new`'s, sorted by path,
    /// at most `limit` of them (the first ones).
    ///
    /// Descends only into directories whose tree ids differ, so it costs a few tree lookups per changed path, whatever
    /// the size of the trees.
    public func changes(from old: ObjectID, to new: ObjectID, limit: Int) throws(GitError) -> [TreeChange] {
        try withHandle { (handle) throws(GitError) in try handle.changes(from: old, to: new, limit: limit) }
    }
}
