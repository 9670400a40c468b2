internal import CLibGit2
import Foundation

extension RepositoryHandle {
    // MARK: - Names to commits

    func resolve(_ revision: String) throws(GitError) -> ObjectID {
        let object = try make("resolve '\(revision)'", release: git_object_free) {
            git_revparse_single(&$0, pointer, revision)
        }
        let commit = try make("resolve '\(revision)' to a commit", release: git_object_free) {
            git_object_peel(&$0, object.pointer, GIT_OBJECT_COMMIT)
        }
        guard let oid = git_object_id(commit.pointer) else {
            throw GitError(.other, operation: "resolve '\(revision)'", message: "object has no id")
        }
        return ObjectID(oid)
    }

    func reference(_ name: String) throws(GitError) -> ObjectID? {
        do {
            let reference = try make("look up reference \(name)", release: git_reference_free) {
                git_reference_lookup(&$0, pointer, name)
            }
            let commit = try make("peel reference \(name)", release: git_object_free) {
                git_reference_peel(&$0, reference.pointer, GIT_OBJECT_COMMIT)
            }
            return git_object_id(commit.pointer).map { ObjectID($0) }
        } catch  where error.kind == .notFound {
            return nil
        }
    }

    func commitDetails(_ id: ObjectID) throws(GitError) -> Commit {
        let commit = try lookupCommit(id)
        let count = git_commit_parentcount(commit.pointer)
        let parents = (0..<count).compactMap { git_commit_parent_id(commit.pointer, $0).map { ObjectID($0) } }
        guard let tree = git_commit_tree_id(commit.pointer),
            let author = git_commit_author(commit.pointer),
            let committer = git_commit_committer(commit.pointer)
        else {
            throw GitError(.other, operation: "read commit \(id)", message: "commit is incomplete")
        }
        return Commit(
            id: id, tree: ObjectID(tree), parents: parents, author: Signature(author),
            committer: Signature(committer),
            message: git_commit_message(commit.pointer).map { String(cString: $0) } ?? ""
        )
    }

    // MARK: - Trees and blobs

    func files(at commit: ObjectID, under directory: TreePath) throws(GitError) -> [TreeEntry] {
        let root = try tree(of: commit)
        guard let (id, mode) = try entry(at: directory, in: root) else {
            throw GitError(.notFound, operation: "list files", message: "no '\(directory.string)' in \(commit)")
        }
        guard mode == GIT_FILEMODE_TREE else {
            throw GitError(.invalidArgument, operation: "list files", message: "'\(directory.string)' is a file")
        }
        var entries: [TreeEntry] = []
        try collectFiles(in: lookupTree(id), prefix: "", into: &entries)
        return entries.sorted { $0.path < $1.path }
    }

    func collectFiles(
        in tree: Managed<OpaquePointer>, prefix: String, into entries: inout [TreeEntry]
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, index), let oid = git_tree_entry_id(entry) else {
                continue
            }
            let path = prefix + String(cString: git_tree_entry_name(entry))
            let mode: FileMode
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE:
                try collectFiles(in: lookupTree(ObjectID(oid)), prefix: path + "/", into: &entries)
                continue
            case GIT_FILEMODE_BLOB: mode = .regular
            case GIT_FILEMODE_BLOB_EXECUTABLE: mode = .executable
            case GIT_FILEMODE_LINK: mode = .symbolicLink
            default: continue
            }
            entries.append(TreeEntry(path: path, id: ObjectID(oid), mode: mode))
        }
    }

    func blob(_ id: ObjectID) throws(GitError) -> Data {
        var oid = id.oid
        let blob = try make("read blob \(id)", release: git_blob_free) { git_blob_lookup(&$0, pointer, &oid) }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let bytes = git_blob_rawcontent(blob.pointer) else { return Data() }
        return Data(bytes: bytes, count: size)
    }

    // MARK: - Comparing

    func hasChanges(at path: TreePath, from old: ObjectID, to new: ObjectID) throws(GitError) -> Bool {
        let before = try entry(at: path, in: tree(of: old))
        let after = try entry(at: path, in: tree(of: new))
        return before?.0 != after?.0 || before?.1 != after?.1
    }
}
