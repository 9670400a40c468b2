internal import CLibGit2

extension Mirror {
    /// Points `branch` on the remote at `commit` whatever it held before (a forced push), or deletes it when
    /// `commit` is nil.
    ///
    /// Only for branches this program owns alone and rewrites on purpose (proposal branches); the tracked and
    /// status branches go through `push(_:to:)`, fast-forward only. The server may still refuse (a protected
    /// branch, a hook): that comes back as `.rejected` with the remote untouched. On success the tracking reference
    /// follows (it is removed after a deletion).
    ///
    /// With `expecting`, a compare-and-swap: the push goes ahead only if the remote advertises exactly that tip for
    /// the branch in the push's own connection (`.some(nil)`: only if it has no such branch); otherwise it comes
    /// back `.rejected` with the remote untouched (see `TransferContext.installLease`).
    public func replace(
        _ branch: String, with commit: ObjectID?, expecting: ObjectID?? = nil
    ) async throws -> PushResult {
        try await pushing(branch) { (handle, push) throws -> PushResult in
            let refspec: String
            if let commit {
                _ = try handle.lookupCommit(commit)
                try handle.setReference(push.outgoing, to: commit, message: "kiln: replace \(branch)")
                refspec = "+\(push.outgoing):\(push.destination)"
            } else {
                refspec = ":\(push.destination)"
            }
            let operation = "\(commit == nil ? "delete" : "replace") \(branch) on \(self.url)"
            do {
                if let reason = try push.send(refspec, from: handle, as: operation, expecting: expecting) {
                    return .rejected(reason: reason)
                }
            } catch let error as GitError where error.kind == .conflict && expecting != nil {
                return .rejected(reason: "\(branch) moved since it was checked: \(error.message)")
            }
            if let commit {
                try handle.setReference(push.tracking, to: commit, message: "kiln: replace \(branch)")
            } else {
                try handle.removeReference(push.tracking)
                try handle.removeReference(push.outgoing)
            }
            return .pushed
        }
    }
}

extension RepositoryHandle {
    /// Removes the reference `name`; nothing when it does not exist.
    func removeReference(_ name: String) throws(GitError) {
        let result = git_reference_remove(pointer, name)
        guard result != GIT_ENOTFOUND.rawValue else { return }
        try check("remove \(name)", result)
    }
}
