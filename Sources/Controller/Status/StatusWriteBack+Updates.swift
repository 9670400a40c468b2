import Foundation

// MARK: - Update branches written into the status

extension StatusWriteBack {
    /// Writes this cycle's update branches into the documents the cycle just wrote, and publishes them when that
    /// changes anything (a steady state makes no commit); nil when nothing changed.
    ///
    /// The proposals run after the cycle's status was published, so that a slow or refused push never holds the
    /// status up; the cycle's first write keeps each image's entry as it was, and this second write updates it.
    public func publishUpdates(_ records: [UpdateBranchRecord]) async -> StatusPublication? {
        let written = publisher.cache.written
        let documents = StatusUpdateBranch.apply(records, to: written)
        guard documents != written else { return nil }
        do {
            let files = try files(documents)
            publisher.cache.remember(written: files.documents)
            let lines = files.changedImages(since: written).map { image in
                documents[image]?.updateBranch?.line ?? "\(UpdateProposer.branch(for: image)) gone"
            }
            return try await publish(files, message: "status: update branches: " + lines.joined(separator: "; "))
        } catch {
            return failed(error)
        }
    }
}
