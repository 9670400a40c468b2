extension Repository {
    /// Whether `ancestor` is reachable from `descendant` (a commit counts as its own ancestor, as in
    /// `git merge-base --is-ancestor`).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        try withHandle { (handle) throws(GitError) in try handle.isAncestor(ancestor, of: descendant) }
    }

    /// The commits reachable from `tip` but not from `base` (`git rev-list base..tip`), children before parents.
    ///
    /// With `base` nil, the whole history of `tip`.
    public func commits(from base: ObjectID?, to tip: ObjectID) throws(GitError) -> [ObjectID] {
        try withHandle { (handle) throws(GitError) in try handle.commits(from: base, to: tip) }
    }

    /// Whether every commit in `base..tip` changes only files at or below `path` (compared with its first parent).
    ///
    /// True for an empty range. Answers "do the new commits touch only `status/`?" without reading any blob.
    public func onlyTouches(_ path: String, from base: ObjectID, to tip: ObjectID) throws(GitError) -> Bool {
        let path = try TreePath(path)
        return try withHandle { (handle) throws(GitError) in try handle.onlyTouches(path, from: base, to: tip) }
    }
}

extension Repository {
    /// `tip`, or the first commit below it (along first parents) that changes something outside `path`: the
    /// commits on top that change only `path` (Kiln's status commits) are peeled off. At most 100 are peeled.
    public func newestCommit(changingOutside path: String, atOrBelow tip: ObjectID) -> ObjectID {
        var current = tip
        for _ in 0..<100 {
            guard let parent = (try? commit(current))?.parents.first,
                (try? onlyTouches(path, from: parent, to: current)) == true
            else { break }
            current = parent
        }
        return current
    }
}
