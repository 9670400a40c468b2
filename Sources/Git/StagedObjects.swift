internal import CLibGit2

/// A second libgit2 handle on a repository whose new objects stay in memory (libgit2's mempack backend) until
/// ``writePack(reachableFrom:)`` stores the ones a commit needs as one pack, or the staging area goes away.
///
/// A commit written loose costs one file per new blob and tree and one for the commit (plus a directory for each
/// new fan-out): creating those files was most of a status write-back's time on a busy file system (ext4 inode
/// allocation). One pack and its index are two files, whatever the commit holds. Objects reach disk only as a
/// complete pack with its index, and callers move references only after that, so a crash at any point leaves no
/// reference naming a missing object.
final class StagedObjects {
    /// The handle to write through: its object writes go to memory; reads see memory, then the repository.
    let handle: RepositoryHandle
    /// Keeps the object database (and through it the in-memory backend) alive as long as the handle.
    private let database: Managed<OpaquePointer>
    /// Owned by `database` once added to it.
    private let memory: UnsafeMutablePointer<git_odb_backend>

    /// Opens the repository whose git directory is `path` a second time, with writes staged in memory.
    init(repositoryAt path: String) throws(GitError) {
        let repository = try make("open repository \(path)", release: git_repository_free) {
            git_repository_open_ext(&$0, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        database = try make("open the object database of \(path)", release: git_odb_free) {
            git_repository_odb(&$0, repository.pointer)
        }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check("create an in-memory object store", git_mempack_new(&backend))
        guard let backend else {
            throw GitError(.other, operation: "create an in-memory object store", message: "libgit2 returned none")
        }
        let added = git_odb_add_backend(database.pointer, backend, Self.priority)
        if added < 0 { backend.pointee.free?(backend) }
        try check("add the in-memory object store", added)
        memory = backend
        handle = RepositoryHandle(repository)
    }

    /// Above the loose (1) and pack (2) backends libgit2 adds to every repository, so that writes land here.
    private static let priority: Int32 = 999

    /// Writes, as one pack in the repository, every object held in memory that `commit` reaches (nothing when it
    /// reaches none). Objects already in the repository are not copied: a tree found there is complete.
    func writePack(reachableFrom commit: ObjectID) throws(GitError) {
        let builder = try make("start a pack", release: git_packbuilder_free) {
            git_packbuilder_new(&$0, handle.pointer)
        }
        git_packbuilder_set_threads(builder.pointer, 1)
        guard isStaged(commit) else { return }
        try insert(commit, into: builder)
        try insertTree(try handle.commitDetails(commit).tree, into: builder)
        try check(
            "write a pack for \(commit)", git_packbuilder_write(builder.pointer, nil, 0, nil, nil))
    }

    /// Inserts a staged tree and what it holds that is staged, depth first.
    private func insertTree(_ id: ObjectID, into builder: Managed<OpaquePointer>) throws(GitError) {
        guard isStaged(id) else { return }
        try insert(id, into: builder)
        let tree = try handle.lookupTree(id)
        for index in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, index), let oid = git_tree_entry_id(entry) else {
                continue
            }
            let child = ObjectID(oid)
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE: try insertTree(child, into: builder)
            case GIT_OBJECT_BLOB where isStaged(child): try insert(child, into: builder)
            default: continue
            }
        }
    }

    private func insert(_ id: ObjectID, into builder: Managed<OpaquePointer>) throws(GitError) {
        var oid = id.oid
        try check("add \(id) to a pack", git_packbuilder_insert(builder.pointer, &oid, nil))
    }

    /// Whether `id` is held in memory (written through this handle and not in the repository before).
    private func isStaged(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return memory.pointee.exists?(memory, &oid) == 1
    }
}
