// MARK: - Keeping the pack count down

extension Mirror {
    /// Past this many packs the daemon repacks the mirror into one. Every fetch that brings objects and every status
    /// commit adds a pack; a mirror polled every minute crosses it within the hour after a busy day, and then holds
    /// one pack again.
    public static let packThreshold = 50

    /// Objects written this recently are kept by a repack even when no reference reaches them yet (a status commit
    /// between its write and its push, retries included).
    public static let repackGrace: Duration = .seconds(15 * 60)

    /// The mirror's pack files.
    public func packCount() throws(GitError) -> Int {
        try repository.packCount()
    }

    /// Consolidates the mirror's packs into one (see `Repository.repack(keepingObjectsNewerThan:now:)`), off the
    /// caller's thread, with exclusive use of the repository.
    public func repack() async throws -> RepackSummary {
        let repository = self.repository
        return try await offload(cancel: {}) {
            try repository.repack(keepingObjectsNewerThan: Self.repackGrace)
        }
    }
}
