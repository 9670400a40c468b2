import Foundation

/// What one repack found and left.
public struct RepackSummary: Sendable, Equatable {
    /// Packs before the repack (each a `.pack` with its `.idx`).
    public let packsBefore: Int
    /// Packs after it: the new one, and any kept (`.keep`) pack.
    public let packsAfter: Int
    /// Objects in the new pack.
    public let objects: Int
    /// Loose object files removed because the new pack holds them.
    public let looseRemoved: Int
}

// MARK: - Consolidating packs

extension Repository {
    /// The repository's packs: each `.pack` with its `.idx`. Reads the pack directory only.
    public func packCount() throws(GitError) -> Int {
        try PackDirectory(gitDirectory: path).list().count
    }

    /// Replaces every pack by one holding what the references and `HEAD` reach, as `git gc` would, through libgit2.
    ///
    /// Objects in packs or loose files younger than `grace` are kept with everything they reach, referenced or not:
    /// a commit written and not yet pushed is one of them. Unreachable objects older than that are dropped. A pack
    /// with a `.keep` file stays as it is; loose objects the new pack holds are removed; others stay.
    ///
    /// Crash-safe: the new pack and its index are complete and flushed to disk, and are checked to hold every
    /// reference's object, before any old file is removed; a crash in between leaves duplicate objects, which the
    /// next repack drops. Runs with exclusive use of the repository and reopens it afterwards, so later reads see
    /// the new pack list. On failure the repository stays usable.
    public func repack(keepingObjectsNewerThan grace: Duration, now: Date = Date()) throws(GitError) -> RepackSummary {
        let directory = PackDirectory(gitDirectory: path)
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        let cutoff = now.addingTimeInterval(-seconds)
        return try withHandleReopened { (handle) throws(GitError) in
            try Self.repack(handle, in: directory, keepingObjectsNewerThan: cutoff)
        }
    }

    private static func repack(
        _ handle: RepositoryHandle, in directory: PackDirectory, keepingObjectsNewerThan cutoff: Date
    ) throws(GitError) -> RepackSummary {
        let packs = try directory.list()
        let loose = try directory.looseObjects()
        let referenced = try handle.referencedObjects()
        var recent: [ObjectID] = []
        for pack in packs where pack.modified >= cutoff {
            recent += try directory.objectIDs(in: pack.name)
        }
        recent += loose.filter { $0.modified >= cutoff }.map(\.id)
        guard let written = try handle.writePack(holding: referenced + recent) else {
            return RepackSummary(packsBefore: packs.count, packsAfter: packs.count, objects: 0, looseRemoved: 0)
        }
        try directory.synchronize(written)
        let packed = Set(try directory.objectIDs(in: written))
        if let missing = (referenced + recent).first(where: { !packed.contains($0) }) {
            throw GitError(
                .other, operation: "repack \(directory.objects)",
                message: "the new pack \(written) lacks \(missing); no pack was removed")
        }
        for pack in packs where pack.name != written && !pack.kept {
            try directory.remove(pack)
        }
        var removed = 0
        for object in loose where packed.contains(object.id) {
            try directory.remove(object)
            removed += 1
        }
        return RepackSummary(
            packsBefore: packs.count, packsAfter: try directory.list().count, objects: packed.count,
            looseRemoved: removed)
    }
}
