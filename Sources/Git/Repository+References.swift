extension Repository {
    /// Points the reference `name` (e.g. `refs/kiln/acted/main`) at `id`, creating it if needed.
    ///
    /// For Kiln's own bookkeeping refs in its local mirror; branches are moved by commits and fetches.
    public func setReference(_ name: String, to id: ObjectID, message: String) throws(GitError) {
        try withHandle { (handle) throws(GitError) in try handle.setReference(name, to: id, message: message) }
    }
}
