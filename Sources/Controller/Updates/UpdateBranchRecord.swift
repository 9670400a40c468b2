import Foundation
import Planner

// MARK: - What happened to one update branch

/// One image's update branch after a cycle: the cycle report's line per pending (or withdrawn) update.
public struct UpdateBranchRecord: Sendable, Encodable, Equatable {
    /// What the proposer did with the branch.
    public enum Outcome: String, Sendable, Encodable, Equatable {
        /// A new commit was pushed (the branch was created or moved).
        case pushed
        /// The branch already proposed exactly this: untouched.
        case unchanged
        /// The branch was deleted (the manifest reached the version, or the source went back).
        case deleted
        /// The branch exists but nothing could be decided this cycle: left as it is.
        case pending
        /// A fetch, commit or push failed; retried next cycle.
        case failed
        /// The branch holds commits not made by Kiln: never moved or deleted, reported once per tip.
        case left
    }

    /// `kiln/update/<image>`.
    public var branch: String
    public var image: String
    public var outcome: Outcome
    /// The manifest's version and the version proposed (nil when nothing is proposed).
    public var from: String?
    public var to: String?
    /// `<old-ami> → <new-ami>` or `base@old → base@new`.
    public var source: String?
    /// The branch's commit after a push (or the commit left in place).
    public var commit: String?
    /// Why a branch was deleted or left, or what failed (never a credential: git errors are redacted).
    public var detail: String?

    /// Creates a record.
    public init(
        branch: String, image: String, outcome: Outcome, from: String? = nil, to: String? = nil,
        source: String? = nil, commit: String? = nil, detail: String? = nil
    ) {
        self.branch = branch
        self.image = image
        self.outcome = outcome
        self.from = from
        self.to = to
        self.source = source
        self.commit = commit
        self.detail = detail
    }

    /// A record of a proposal.
    init(branch: String, update: SourceUpdate, outcome: Outcome, commit: String?, detail: String? = nil) {
        self.init(
            branch: branch, image: update.image, outcome: outcome, from: update.from.description,
            to: update.to.description, source: update.sourceChange, commit: commit, detail: detail)
    }

    /// Whether the branch exists on the remote after the cycle.
    public var isOpen: Bool { [.pushed, .unchanged, .pending, .left].contains(outcome) }

    /// `update kiln/update/web: 1.0.0 → 1.0.1 (source ami-1 → ami-2), pushed 1a2b3c4d5e6f`.
    public var line: String {
        if outcome == .left {
            return "update \(branch): left, \(detail ?? "has commits not made by Kiln")"
                + (commit.map { " (tip \($0.prefix(12)))" } ?? "")
        }
        var text = "update \(branch)"
        if let from, let to { text += ": \(from) → \(to)" }
        if let source { text += " (source \(source))" }
        text += ", \(outcome.rawValue)"
        if let commit { text += " \(commit.prefix(12))" }
        if let detail { text += ": \(detail)" }
        return text
    }
}
