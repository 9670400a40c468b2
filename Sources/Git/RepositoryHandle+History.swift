internal import CLibGit2

extension RepositoryHandle {
    // MARK: - Ancestry

    func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        guard ancestor != descendant else { return true }
        var commit = descendant.oid
        var candidate = ancestor.oid
        let result = try check(
            "check whether \(ancestor) is an ancestor of \(descendant)",
            git_graph_descendant_of(pointer, &commit, &candidate)
        )
        return result == 1
    }

    /// Commits reachable from `tip` but not from `base`, newest first (parents after their children).
    func commits(from base: ObjectID?, to tip: ObjectID) throws(GitError) -> [ObjectID] {
        let operation = "list commits \(base?.description ?? "")..\(tip)"
        let walk = try make(operation, release: git_revwalk_free) { git_revwalk_new(&$0, pointer) }
        try check(operation, git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue))
        var tipOID = tip.oid
        try check(operation, git_revwalk_push(walk.pointer, &tipOID))
        if let base {
            var baseOID = base.oid
            try check(operation, git_revwalk_hide(walk.pointer, &baseOID))
        }
        var ids: [ObjectID] = []
        var oid = git_oid()
        while true {
            let result = git_revwalk_next(&oid, walk.pointer)
            if result == GIT_ITEROVER.rawValue { return ids }
            try check(operation, result)
            ids.append(ObjectID(oid))
        }
    }

    // MARK: - What a range touches

    /// Whether every commit in `base..tip` changes nothing outside `allowed` compared with its first parent.
    func onlyTouches(_ allowed: TreePath, from base: ObjectID, to tip: ObjectID) throws(GitError) -> Bool {
        for id in try commits(from: base, to: tip) {
            let details = try commitDetails(id)
            let parentTree = try details.parents.first.map { (parent) throws(GitError) in try commitDetails(parent).tree
            }
            if try changesOutside(allowed, old: parentTree, new: details.tree, at: TreePath("")) {
                return false
            }
        }
        return true
    }

    /// Compares two trees at `path` (an ancestor of `allowed`, or the root), descending only where needed.
    private func changesOutside(
        _ allowed: TreePath, old: ObjectID?, new: ObjectID?, at path: TreePath
    ) throws(GitError) -> Bool {
        guard old != new else { return false }
        let before = try entries(of: old)
        let after = try entries(of: new)
        for name in Set(before.keys).union(after.keys) {
            let (oldEntry, newEntry) = (before[name], after[name])
            guard oldEntry?.id != newEntry?.id || oldEntry?.isTree != newEntry?.isTree else { continue }
            let child = try path.appending(name)
            if allowed.contains(child) { continue }
            let descend = child.contains(allowed) && oldEntry?.isTree != false && newEntry?.isTree != false
            guard descend, try !changesOutside(allowed, old: oldEntry?.id, new: newEntry?.id, at: child) else {
                return true
            }
        }
        return false
    }

    private func entries(of tree: ObjectID?) throws(GitError) -> [String: (id: ObjectID, isTree: Bool)] {
        guard let tree else { return [:] }
        let object = try lookupTree(tree)
        var entries: [String: (id: ObjectID, isTree: Bool)] = [:]
        for index in 0..<git_tree_entrycount(object.pointer) {
            guard let entry = git_tree_entry_byindex(object.pointer, index), let oid = git_tree_entry_id(entry) else {
                continue
            }
            entries[String(cString: git_tree_entry_name(entry))] =
                (ObjectID(oid), git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE)
        }
        return entries
    }
}
