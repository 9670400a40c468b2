internal import CLibGit2

extension Mirror {
    /// Runs `body` off the caller's thread with exclusive use of the repository, for one push to `branch`: the one
    /// set-up of `push(_:to:)` and `replace(_:with:)`.
    func pushing(
        _ branch: String, _ body: @escaping @Sendable (RepositoryHandle, BranchPush) throws -> PushResult
    ) async throws -> PushResult {
        let push = BranchPush(
            destination: try RepositoryHandle.branchReference(branch), tracking: try Self.trackingReference(branch),
            outgoing: "refs/kiln/outgoing/" + branch,
            context: TransferContext(remote: remote, credentials: credentials, settings: settings))
        let repository = self.repository
        return try await offload(cancel: push.context.cancel) {
            try repository.withHandle { (handle) throws -> PushResult in try body(handle, push) }
        }
    }
}

/// The references and the transfer of one push to a branch.
struct BranchPush: Sendable {
    /// The branch on the remote (`refs/heads/…`).
    let destination: String
    /// The tip last fetched from the branch.
    let tracking: String
    /// Where the commit to push is held while it goes out.
    let outgoing: String
    let context: TransferContext

    /// Pushes `refspec` to the remote; returns why the remote refused the branch, or nil when it took it.
    ///
    /// `operation` names the push in errors (`push main to …`). With `expecting`, the push goes ahead only if the
    /// remote advertises that tip for the branch (`.some(nil)`: no such branch), see `TransferContext.installLease`.
    func send(
        _ refspec: String, from handle: RepositoryHandle, as operation: String, expecting: ObjectID?? = nil
    ) throws -> String? {
        let remote = try handle.anonymousRemote(context.remote)
        var options = git_push_options()
        try check("prepare push", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        context.install(into: &options.callbacks)
        if case .some(let expected) = expecting {
            context.installLease(on: destination, expected: expected, into: &options.callbacks)
        }
        _ = try withStringArray([refspec]) { refspecs in
            try withExtendedLifetime(context) {
                try context.run(operation) {
                    git_remote_push(remote.pointer, &refspecs, &options)
                }
            }
        }
        return context.rejection(of: destination)
    }
}
