extension Mirror {
    /// Pushes `commit` (a commit in the mirror) to `branch` on the remote, fast-forward only; never forces.
    ///
    /// First checks locally that the tip last fetched for `branch` is an ancestor of `commit`; then pushes with a
    /// refspec without `+`, so libgit2 and the server both refuse anything but a fast-forward. On success the
    /// fetched tip becomes `commit`. A refusal comes back as `.rejected`, with the remote untouched; other failures
    /// (network, authentication, host key) throw.
    public func push(_ commit: ObjectID, to branch: String) async throws -> PushResult {
        try await pushing(branch) { (handle, push) throws -> PushResult in
            _ = try handle.lookupCommit(commit)
            if let fetched = try handle.reference(push.tracking), try !handle.isAncestor(fetched, of: commit) {
                return .rejected(reason: "\(commit) does not descend from \(fetched), the fetched tip of \(branch)")
            }
            try handle.setReference(push.outgoing, to: commit, message: "kiln: push \(branch)")
            do {
                let refspec = "\(push.outgoing):\(push.destination)"
                if let reason = try push.send(refspec, from: handle, as: "push \(branch) to \(self.url)") {
                    return .rejected(reason: reason)
                }
            } catch let error as GitError where error.kind == .nonFastForward {
                return .rejected(reason: error.message)
            }
            try handle.setReference(push.tracking, to: commit, message: "kiln: push \(branch)")
            return .pushed
        }
    }
}
