internal import CLibGit2

// MARK: - Every branch under a prefix, in one fetch

extension Mirror {
    /// Fetches every branch whose name starts with `prefix` (which ends in `/`, e.g. `kiln/update/`) in one
    /// connection, and returns the remote's tips by branch name (empty when it has none).
    ///
    /// Each fetched tip is also kept as `refs/remotes/origin/<branch>`, as `fetch(branch:)` keeps it; the tracking
    /// references of branches under `prefix` the remote no longer has are removed.
    public func fetch(branchesUnder prefix: String) async throws -> [String: ObjectID] {
        guard prefix.hasSuffix("/"), !prefix.contains("*") else {
            throw GitError(.invalidSpec, operation: "fetch branches", message: "'\(prefix)' is not a branch folder")
        }
        let source = try RepositoryHandle.branchReference(prefix + "x").dropLast()
        let tracking = try Self.trackingReference(prefix + "x").dropLast()
        let operation = "fetch \(prefix)* from \(url)"
        return try await fetching("+\(source)*:\(tracking)*", as: operation, reflog: "kiln: fetch \(prefix)*") {
            (handle, remote) throws -> [String: ObjectID] in
            var tips: [String: ObjectID] = [:]
            for (reference, tip) in try handle.advertisedTips(remote, under: String(source)) {
                let branch = String(reference.dropFirst("refs/heads/".count))
                tips[branch] = tip
                try handle.setReference(
                    String(tracking) + reference.dropFirst(source.count), to: tip, message: "kiln: fetch \(branch)")
            }
            for stale in try handle.referenceNames(matching: "\(tracking)*")
            where tips[String(stale.dropFirst("refs/remotes/origin/".count))] == nil {
                try handle.removeReference(stale)
            }
            return tips
        }
    }
}

extension RepositoryHandle {
    /// The names of the local references that match a glob (`*` also matches `/`).
    func referenceNames(matching glob: String) throws(GitError) -> [String] {
        let iterator = try make("list \(glob)", release: git_reference_iterator_free) {
            git_reference_iterator_glob_new(&$0, pointer, glob)
        }
        var names: [String] = []
        while true {
            var name: UnsafePointer<CChar>?
            let result = git_reference_next_name(&name, iterator.pointer)
            if result == GIT_ITEROVER.rawValue { return names }
            try check("list \(glob)", result)
            if let name { names.append(String(cString: name)) }
        }
    }

    /// The references the remote advertised during the last connection whose names start with `prefix`.
    func advertisedTips(_ remote: Managed<OpaquePointer>, under prefix: String) throws(GitError) -> [(String, ObjectID)]
    {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check("list remote references", git_remote_ls(&heads, &count, remote.pointer))
        guard let heads else { return [] }
        var tips: [(String, ObjectID)] = []
        for index in 0..<count {
            guard let head = heads[index], let name = head.pointee.name else { continue }
            let reference = String(cString: name)
            if reference.hasPrefix(prefix), !reference.hasSuffix("^{}") {
                tips.append((reference, ObjectID(head.pointee.oid)))
            }
        }
        return tips
    }
}
