import Foundation
import Git
import Synchronization

// MARK: - Whose commit is on an update branch

/// Whether an update branch's tip is Kiln's own proposal, the only kind of branch Kiln moves or deletes: one commit
/// authored and committed by Kiln, with the `Kiln-Image: <image>` trailer, whose parent is a commit of the tracked
/// branch, and whose content is exactly what Kiln writes on that parent (`contentReason`). Anything else (a person's
/// commit on top, an amended commit, a branch made by hand, a commit that only claims to be Kiln's) is left.
struct UpdateBranchOwnership: Sendable {
    let repository: Repository
    let authorName: String
    let authorEmail: String
    /// The tracked branch's tip as last fetched (nil: unknown, so no branch counts as Kiln's).
    let trackedTip: ObjectID?

    /// Why `tip` is not Kiln's own proposal for `image`; nil when it is. The names, trailer and parent are checked
    /// first; trees and blobs are read only for a commit that passes them.
    func foreignReason(_ tip: ObjectID, image: String) throws -> String? {
        let commit = try repository.commit(tip)
        let kiln = { (signature: Signature) in signature.name == authorName && signature.email == authorEmail }
        guard kiln(commit.author), kiln(commit.committer), commit.message.contains("\nKiln-Image: \(image)\n")
        else { return "has commits not made by Kiln" }
        guard commit.parents.count == 1, let parent = commit.parents.first, let trackedTip,
            try parent == trackedTip || repository.isAncestor(parent, of: trackedTip)
        else { return "has commits not made by Kiln (its parent is not on the tracked branch)" }
        return try contentReason(commit, parent: parent, image: image)
    }
}

// MARK: - Branches already reported as left

/// The tips of update branches already reported as left, so that a branch a person took over is logged once per
/// tip, not every cycle. Kept by the daemon across cycles (forgotten on restart: reported once more).
public final class UpdateBranchMemory: Sendable {
    private let reported = Mutex<[String: ObjectID]>([:])

    /// Nothing reported yet.
    public init() {}

    /// Whether `tip` of `branch` is new since the last call (then it is remembered).
    func isNew(_ branch: String, tip: ObjectID) -> Bool {
        reported.withLock { reported in
            guard reported[branch] != tip else { return false }
            reported[branch] = tip
            return true
        }
    }

    /// Forgets branches that are no longer left.
    func keep(only branches: Set<String>) {
        reported.withLock { $0 = $0.filter { branches.contains($0.key) } }
    }
}
