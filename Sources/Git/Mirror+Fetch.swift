internal import CLibGit2

// MARK: - The one fetch set-up

extension Mirror {
    /// Fetches `refspec` in one connection (no tags, no pruning, no `FETCH_HEAD`), then runs `body` with the
    /// repository and the connected remote, whose advertised tips it reads: the one set-up of `fetch(branch:)` and
    /// `fetch(branchesUnder:)`. Runs off the caller's thread with exclusive use of the repository.
    ///
    /// `operation` names the fetch in errors (`fetch main from …`); `reflog` is the message of the references the
    /// fetch updates.
    func fetching<Result: Sendable>(
        _ refspec: String, as operation: String, reflog: String,
        then body: @escaping @Sendable (RepositoryHandle, Managed<OpaquePointer>) throws -> Result
    ) async throws -> Result {
        let context = TransferContext(remote: remote, credentials: credentials, settings: settings)
        let repository = self.repository
        return try await offload(cancel: context.cancel) {
            try repository.withHandle { (handle) throws -> Result in
                let remote = try handle.anonymousRemote(context.remote)
                var options = git_fetch_options()
                try check("prepare fetch", git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
                context.install(into: &options.callbacks)
                options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
                options.prune = GIT_FETCH_NO_PRUNE
                options.update_fetchhead = 0
                _ = try withStringArray([refspec]) { refspecs in
                    try withExtendedLifetime(context) {
                        try context.run(operation) {
                            git_remote_fetch(remote.pointer, &refspecs, &options, reflog)
                        }
                    }
                }
                return try body(handle, remote)
            }
        }
    }
}
