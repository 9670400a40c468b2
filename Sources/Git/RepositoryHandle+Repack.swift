internal import CLibGit2
import Foundation

// MARK: - One pack of everything that counts

extension RepositoryHandle {
    /// The objects every reference and `HEAD` point at (symbolic references resolved; unborn ones skipped).
    func referencedObjects() throws(GitError) -> [ObjectID] {
        let iterator = try make("list references", release: git_reference_iterator_free) {
            git_reference_iterator_new(&$0, pointer)
        }
        var targets: [ObjectID] = []
        while true {
            var next: OpaquePointer?
            let result = git_reference_next(&next, iterator.pointer)
            if result == GIT_ITEROVER.rawValue { break }
            try check("list references", result)
            guard let next else { break }
            let reference = Managed(next, release: git_reference_free)
            var resolved: OpaquePointer?
            let resolution = git_reference_resolve(&resolved, reference.pointer)
            if resolution == GIT_ENOTFOUND.rawValue { continue }
            try check("resolve a reference", resolution)
            guard let resolved else { continue }
            let direct = Managed(resolved, release: git_reference_free)
            if let oid = git_reference_target(direct.pointer) { targets.append(ObjectID(oid)) }
        }
        var head = git_oid()
        let result = git_reference_name_to_id(&head, pointer, "HEAD")
        if result != GIT_ENOTFOUND.rawValue && result != GIT_EUNBORNBRANCH.rawValue {
            try check("resolve HEAD", result)
            targets.append(ObjectID(head))
        }
        return targets
    }

    /// Writes one pack in the repository's pack directory holding `roots` and everything they reach (commits with
    /// their whole history); returns its name (`pack-<hex>`), or nil when there is nothing to pack.
    ///
    /// libgit2 writes the pack and its index under temporary names and renames them into place when complete.
    func writePack(holding roots: [ObjectID]) throws(GitError) -> String? {
        let builder = try make("start a pack", release: git_packbuilder_free) {
            git_packbuilder_new(&$0, pointer)
        }
        git_packbuilder_set_threads(builder.pointer, 1)
        let walk = try make("start a walk of the history", release: git_revwalk_free) {
            git_revwalk_new(&$0, pointer)
        }
        let database = try make("open the object database", release: git_odb_free) {
            git_repository_odb(&$0, pointer)
        }
        for root in Set(roots).sorted() {
            try insert(root, into: builder, walk: walk, database: database)
        }
        try check("add the history to a pack", git_packbuilder_insert_walk(builder.pointer, walk.pointer))
        guard git_packbuilder_object_count(builder.pointer) > 0 else { return nil }
        try check("write the pack", git_packbuilder_write(builder.pointer, nil, 0, nil, nil))
        guard let name = git_packbuilder_name(builder.pointer) else {
            throw GitError(.other, operation: "write the pack", message: "libgit2 named no pack")
        }
        return "pack-" + String(cString: name)
    }

    /// Adds one root by its type: a commit to the walk (its history follows), a tag with what it points at, a tree
    /// with its contents, a blob by itself.
    private func insert(
        _ root: ObjectID, into builder: Managed<OpaquePointer>, walk: Managed<OpaquePointer>,
        database: Managed<OpaquePointer>
    ) throws(GitError) {
        var oid = root.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check("read the header of \(root)", git_odb_read_header(&size, &type, database.pointer, &oid))
        switch type {
        case GIT_OBJECT_COMMIT:
            try check("walk from \(root)", git_revwalk_push(walk.pointer, &oid))
        case GIT_OBJECT_TAG:
            try check("add tag \(root) to a pack", git_packbuilder_insert_recur(builder.pointer, &oid, nil))
            let tag = try make("look up tag \(root)", release: git_object_free) {
                git_object_lookup(&$0, pointer, &oid, GIT_OBJECT_TAG)
            }
            var peeled: OpaquePointer?
            if git_object_peel(&peeled, tag.pointer, GIT_OBJECT_COMMIT) == 0, let peeled {
                let commit = Managed(peeled, release: git_object_free)
                if let id = git_object_id(commit.pointer) {
                    var target = id.pointee
                    try check("walk from \(root)", git_revwalk_push(walk.pointer, &target))
                }
            }
        case GIT_OBJECT_TREE:
            try check("add tree \(root) to a pack", git_packbuilder_insert_tree(builder.pointer, &oid))
        default:
            try check("add \(root) to a pack", git_packbuilder_insert(builder.pointer, &oid, nil))
        }
    }
}
