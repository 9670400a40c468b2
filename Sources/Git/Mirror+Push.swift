internal import CLibGit2

extension Mirror {
    /// Pushes `commit` (a commit in the mirror) to `branch` on the remote, fast-forward only; never forces.
    ///
    /// First checks locally that the tip last fetched for `branch` is an ancestor of `commit`; then pushes with a
    /// refspec without `+`, so libgit2 and the server both refuse anything but a fast-forward. On success the
    /// fetched tip becomes `commit`. A refusal comes back as `.rejected`, with the remote untouched; other failures
    /// (network, authentication, host key) throw.
    public func push(_ commit: ObjectID, to branch: String) async throws -> PushResult {
        let destination = try RepositoryHandle.branchReference(branch)
        let tracking = try Self.trackingReference(branch)
        let outgoing = "refs/kiln/outgoing/" + branch
        let context = TransferContext(remote: remote, credentials: credentials, settings: settings)
        let (repository, url) = (self.repository, self.url)
        return try await offload(cancel: context.cancel) {
            try repository.withHandle { (handle) throws -> PushResult in
                _ = try handle.lookupCommit(commit)
                if let fetched = try handle.reference(tracking), try !handle.isAncestor(fetched, of: commit) {
                    return .rejected(reason: "\(commit) does not descend from \(fetched), the fetched tip of \(branch)")
                }
                try handle.setReference(outgoing, to: commit, message: "kiln: push \(branch)")

                let remote = try handle.anonymousRemote(context.remote)
                var options = git_push_options()
                try check("prepare push", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
                context.install(into: &options.callbacks)
                do {
                    _ = try withStringArray(["\(outgoing):\(destination)"]) { refspecs in
                        try withExtendedLifetime(context) {
                            try context.run("push \(branch) to \(url)") {
                                git_remote_push(remote.pointer, &refspecs, &options)
                            }
                        }
                    }
                } catch let error as GitError where error.kind == .nonFastForward {
                    return .rejected(reason: error.message)
                }
                if let reason = context.rejection(of: destination) {
                    return .rejected(reason: reason)
                }
                try handle.setReference(tracking, to: commit, message: "kiln: push \(branch)")
                return .pushed
            }
        }
    }
}
