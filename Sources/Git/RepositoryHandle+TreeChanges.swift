internal import CLibGit2
import Foundation

// MARK: - Comparing two trees entry by entry

extension RepositoryHandle {
    /// One entry of a tree: what `changes` compares.
    private struct Item: Equatable {
        let id: ObjectID
        let mode: git_filemode_t
    }

    func changes(from old: ObjectID, to new: ObjectID, limit: Int) throws(GitError) -> [TreeChange] {
        var changes: [TreeChange] = []
        guard limit > 0 else { return changes }
        try compare(tree(of: old), tree(of: new), prefix: "", limit: limit, into: &changes)
        return changes
    }

    /// Appends the differences below two trees; names are compared as bytes, as git stores them.
    private func compare(
        _ old: Managed<OpaquePointer>, _ new: Managed<OpaquePointer>, prefix: String, limit: Int,
        into changes: inout [TreeChange]
    ) throws(GitError) {
        let before = items(of: old)
        let after = items(of: new)
        for name in Set(before.keys).union(after.keys).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            guard changes.count < limit else { return }
            let was = before[name]
            let now = after[name]
            guard was != now else { continue }
            let path = prefix + String(decoding: name, as: UTF8.self)
            if let was, let now, was.mode == GIT_FILEMODE_TREE, now.mode == GIT_FILEMODE_TREE {
                try compare(lookupTree(was.id), lookupTree(now.id), prefix: path + "/", limit: limit, into: &changes)
            } else {
                changes.append(TreeChange(path: path, file: now.flatMap { Self.file(path, $0) }))
            }
        }
    }

    /// The entries of a tree by name.
    private func items(of tree: Managed<OpaquePointer>) -> [[UInt8]: Item] {
        var items: [[UInt8]: Item] = [:]
        for index in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, index), let oid = git_tree_entry_id(entry),
                let name = git_tree_entry_name(entry)
            else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: name, count: strlen(name)))
            items[bytes] = Item(id: ObjectID(oid), mode: git_tree_entry_filemode(entry))
        }
        return items
    }

    /// The file an entry names; nil for a directory or a submodule.
    private static func file(_ path: String, _ item: Item) -> TreeEntry? {
        switch item.mode {
        case GIT_FILEMODE_BLOB: TreeEntry(path: path, id: item.id, mode: .regular)
        case GIT_FILEMODE_BLOB_EXECUTABLE: TreeEntry(path: path, id: item.id, mode: .executable)
        case GIT_FILEMODE_LINK: TreeEntry(path: path, id: item.id, mode: .symbolicLink)
        default: nil
        }
    }
}
