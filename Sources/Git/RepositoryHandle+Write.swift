internal import CLibGit2
import Foundation

/// Everything needed to write one commit without a working tree or an index.
struct CommitRequest {
    var parent: ObjectID?
    var files: [TreePath: Data]
    var pruning: TreePath?
    var author: Signature
    var committer: Signature
    var message: String
    var branch: String?
    var signer: CommitSigner? = nil
}

extension RepositoryHandle {
    // MARK: - Commits

    /// Writes the commit, or returns nil when its tree would equal the parent's.
    ///
    /// The new blobs, trees and the commit are built in memory and stored as one pack (see `StagedObjects`); the
    /// branch, if any, moves only once the pack is in place.
    func writeCommit(_ request: CommitRequest) throws(GitError) -> ObjectID? {
        let reference = try request.branch.map { (branch) throws(GitError) in try Self.branchReference(branch) }
        let staged = try StagedObjects(repositoryAt: path)
        guard let id = try staged.handle.writeCommitObjects(request) else { return nil }
        try staged.writePack(reachableFrom: id)
        if let reference {
            try moveReference(reference, to: id, from: request.parent)
        }
        return id
    }

    /// The repository's git directory, as libgit2 opened it.
    var path: String {
        git_repository_path(pointer).map { String(cString: $0) } ?? ""
    }

    /// Writes the commit's objects without moving any reference; nil when its tree would equal the parent's.
    private func writeCommitObjects(_ request: CommitRequest) throws(GitError) -> ObjectID? {
        let parent = try request.parent.map { (id) throws(GitError) in try lookupCommit(id) }
        let baseID: ObjectID
        if let parent = request.parent {
            baseID = try commitDetails(parent).tree
        } else {
            baseID = try emptyTree()
        }
        let base = try lookupTree(baseID)
        let newTree = try updatedTree(base, writing: request.files, pruning: request.pruning)
        guard newTree != baseID else { return nil }

        let tree = try lookupTree(newTree)
        let author = try request.author.managed()
        let committer = try request.committer.managed()
        if let signer = request.signer {
            return try writeSignedCommit(
                author: author, committer: committer, message: request.message, tree: tree, parent: parent,
                sign: signer)
        }
        var parents: [OpaquePointer?] = parent.map { [$0.pointer] } ?? []
        var oid = git_oid()
        let result = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &oid, pointer, nil, author.pointer, committer.pointer, nil, request.message, tree.pointer,
                buffer.count, buffer.baseAddress
            )
        }
        try check("write commit on \(request.parent?.description ?? "no parent")", result)
        return ObjectID(oid)
    }

    /// `refs/heads/<branch>`, checked for validity.
    static func branchReference(_ branch: String) throws(GitError) -> String {
        let name = "refs/heads/" + branch
        var valid: Int32 = 0
        try check("check branch name '\(branch)'", git_reference_name_is_valid(&valid, name))
        guard valid == 1 else {
            throw GitError(.invalidSpec, operation: "check branch name", message: "invalid branch name '\(branch)'")
        }
        return name
    }

    // MARK: - Trees

    /// Writes blobs for `files` and a tree that is `base` with them in place and, below `pruning`, nothing else.
    private func updatedTree(
        _ base: Managed<OpaquePointer>, writing files: [TreePath: Data], pruning: TreePath?
    ) throws(GitError) -> ObjectID {
        var updates: [(path: TreePath, action: git_tree_update_t, id: git_oid, mode: git_filemode_t)] = []
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            guard !path.isRoot else {
                throw GitError(.invalidArgument, operation: "write tree", message: "a file needs a path")
            }
            updates.append((path, GIT_TREE_UPDATE_UPSERT, try writeBlob(data), GIT_FILEMODE_BLOB))
        }
        if let pruning, let (id, mode) = try entry(at: pruning, in: base), mode == GIT_FILEMODE_TREE {
            var existing: [TreeEntry] = []
            try collectFiles(in: lookupTree(id), prefix: "", into: &existing)
            for file in existing {
                let path = try pruning.appending(file.path)
                if files[path] == nil { updates.append((path, GIT_TREE_UPDATE_REMOVE, git_oid(), GIT_FILEMODE_BLOB)) }
            }
        }
        guard let baseOID = git_tree_id(base.pointer) else {
            throw GitError(.other, operation: "write tree", message: "base tree has no id")
        }
        let baseID = ObjectID(baseOID)
        guard !updates.isEmpty else { return baseID }
        let paths = try updates.map { (update) throws(GitError) in try CString(update.path.string) }
        var entries = zip(updates, paths).map { update, path in
            git_tree_update(action: update.action, id: update.id, filemode: update.mode, path: path.pointer)
        }
        var oid = git_oid()
        try check(
            "write tree from \(baseID)",
            git_tree_create_updated(&oid, pointer, base.pointer, entries.count, &entries)
        )
        return withExtendedLifetime(paths) { ObjectID(oid) }
    }

    private func writeBlob(_ data: Data) throws(GitError) -> git_oid {
        var oid = git_oid()
        let result = data.withUnsafeBytes { bytes in
            git_blob_create_from_buffer(&oid, pointer, bytes.baseAddress, bytes.count)
        }
        try check("write blob", result)
        return oid
    }
}
