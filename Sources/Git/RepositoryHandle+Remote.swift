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
    func anonymousRemote(_ remote: RemoteURL) throws(GitError) -> Managed<OpaquePointer> {
        try make("open remote \(remote.redacted)", release: git_remote_free) {
            git_remote_create_anonymous(&$0, pointer, remote.string)
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
