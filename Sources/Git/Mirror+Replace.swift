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
        let destination = try RepositoryHandle.branchReference(branch)
        let tracking = try Self.trackingReference(branch)
        let outgoing = "refs/kiln/outgoing/" + branch
        let context = TransferContext(remote: remote, credentials: credentials, settings: settings)
        let (repository, url) = (self.repository, self.url)
        return try await offload(cancel: context.cancel) {
            try repository.withHandle { (handle) throws -> PushResult in
                let refspec: String
                if let commit {
                    _ = try handle.lookupCommit(commit)
                    try handle.setReference(outgoing, to: commit, message: "kiln: replace \(branch)")
                    refspec = "+\(outgoing):\(destination)"
                } else {
                    refspec = ":\(destination)"
                }
                let remote = try handle.anonymousRemote(context.remote)
                var options = git_push_options()
                try check("prepare push", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
                context.install(into: &options.callbacks)
                if case .some(let expected) = expecting {
                    context.installLease(on: destination, expected: expected, into: &options.callbacks)
                }
                do {
                    _ = try withStringArray([refspec]) { refspecs in
                        try withExtendedLifetime(context) {
                            try context.run("\(commit == nil ? "delete" : "replace") \(branch) on \(url)") {
                                git_remote_push(remote.pointer, &refspecs, &options)
                            }
                        }
                    }
                } catch let error as GitError where error.kind == .conflict && expecting != nil {
                    return .rejected(reason: "\(branch) moved since it was checked: \(error.message)")
                }
                if let reason = context.rejection(of: destination) {
                    return .rejected(reason: reason)
                }
                if let commit {
                    try handle.setReference(tracking, to: commit, message: "kiln: replace \(branch)")
                } else {
                    try handle.removeReference(tracking)
                    try handle.removeReference(outgoing)
                }
                return .pushed
            }
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
