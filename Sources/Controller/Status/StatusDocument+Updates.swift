import Foundation
import Redaction

// MARK: - The image's update branch in its status

/// The image's pending update branch (`updateBranch:` of `status/<image>.yaml`): what it proposes and where it
/// stands. Absent when the image has no update branch.
public struct StatusUpdateBranch: Sendable, Equatable, Codable {
    /// `kiln/update/<image>`.
    public var branch: String
    /// `pending` (Kiln's proposal awaits review), `left` (it holds commits not made by Kiln; Kiln does not touch
    /// it) or `failed` (a fetch or push failed; retried next cycle).
    public var state: String
    /// The manifest's version when the update was proposed.
    public var currentVersion: String?
    public var proposedVersion: String?
    /// `ami-old → ami-new`, or `base@1.0.0 → base@1.1.0`.
    public var sourceChange: String?
    /// The branch's tip: Kiln's commit, or the commit it was left at.
    public var commit: String?
    /// Why it is left or failed.
    public var reason: String?

    /// Creates an entry.
    public init(
        branch: String, state: String, currentVersion: String? = nil, proposedVersion: String? = nil,
        sourceChange: String? = nil, commit: String? = nil, reason: String? = nil
    ) {
        self.branch = branch
        self.state = state
        self.currentVersion = currentVersion
        self.proposedVersion = proposedVersion
        self.sourceChange = sourceChange
        self.commit = commit
        self.reason = reason
    }

    /// The entry for `record`, keeping what an earlier entry at the same commit knew; nil once the branch is gone.
    init?(_ record: UpdateBranchRecord, previous: StatusUpdateBranch?) {
        switch record.outcome {
        case .deleted: return nil
        case .pushed, .unchanged, .pending: state = "pending"
        case .left: state = "left"
        case .failed: state = "failed"
        }
        branch = record.branch
        commit = record.commit
        let same = previous.flatMap { $0.commit == record.commit && $0.commit != nil ? $0 : nil }
        currentVersion = record.from ?? same?.currentVersion
        proposedVersion = record.to ?? same?.proposedVersion
        sourceChange = record.source ?? same?.sourceChange
        reason = state == "pending" ? nil : record.detail.map { Redaction.redact($0) }
    }

    /// `documents` with each image's entry set from this cycle's records (an image without a record has no
    /// branch); unchanged when the branches could not be listed at all.
    static func apply(_ records: [UpdateBranchRecord], to documents: [String: StatusDocument])
        -> [String: StatusDocument]
    {
        guard !records.contains(where: { $0.image == "*" }) else { return documents }
        let byImage = Dictionary(records.map { ($0.image, $0) }, uniquingKeysWith: { _, last in last })
        return documents.mapValues { document in
            var document = document
            document.updateBranch = byImage[document.image].flatMap {
                StatusUpdateBranch($0, previous: document.updateBranch)
            }
            return document
        }
    }

    /// `kiln/update/web pending 1.0.1`.
    var line: String {
        [branch, state, proposedVersion].compactMap { $0 }.joined(separator: " ")
    }
}
