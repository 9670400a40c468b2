internal import CLibGit2

extension RepositoryHandle {
    // MARK: - References

    /// Points `name` at `id`, creating or overwriting it.
    func setReference(_ name: String, to id: ObjectID, message: String) throws(GitError) {
        var oid = id.oid
        _ = try make("set \(name) to \(id)", release: git_reference_free) {
            git_reference_create(&$0, pointer, name, &oid, 1, message)
        }
    }

    // MARK: - Remotes

    /// A remote that lives only in memory: its URL (which may hold credentials) is never written to the config.
    ///
    /// The remote is exactly `remote`: `url.<base>.insteadOf` in the host's git configuration is not applied, so
    /// no file outside Kiln's own configuration can redirect where the manifests come from or where status goes.
    /// Skipping it also avoids libgit2 1.5's matching of every configuration entry against a regular expression,
    /// which with PCRE2 10.41 and later leaks about 20 KB per entry that does not match, on every fetch and push.
    func anonymousRemote(_ remote: RemoteURL) throws(GitError) -> Managed<OpaquePointer> {
        var options = git_remote_create_options()
        let version = UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)
        try check("prepare remote options", git_remote_create_options_init(&options, version))
        options.repository = pointer
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
        return try make("open remote \(remote.redacted)", release: git_remote_free) {
            git_remote_create_with_opts(&$0, remote.string, &options)
        }
    }

    /// The id the remote advertised for `reference` during the last connection, if it has one.
    func advertisedTip(_ remote: Managed<OpaquePointer>, reference: String) throws(GitError) -> ObjectID? {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check("list remote references", git_remote_ls(&heads, &count, remote.pointer))
        guard let heads else { return nil }
        for index in 0..<count {
            guard let head = heads[index], let name = head.pointee.name else { continue }
            if String(cString: name) == reference { return ObjectID(head.pointee.oid) }
        }
        return nil
    }
}

/// Calls `body` with a `git_strarray` view of `strings`, valid only during the call.
func withStringArray<T>(
    _ strings: [String], _ body: (inout git_strarray) throws -> T
) throws -> T {
    let copies = try strings.map { try CString($0) }
    var pointers: [UnsafeMutablePointer<CChar>?] = copies.map { UnsafeMutablePointer(mutating: $0.pointer) }
    return try withExtendedLifetime(copies) {
        try pointers.withUnsafeMutableBufferPointer { buffer in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}
