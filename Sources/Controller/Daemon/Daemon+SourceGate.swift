import Foundation
import Git
import Logging
import Redaction

// MARK: - Which commits the daemon acts on

/// Why the daemon does nothing for a commit: its signature was refused, or the branch no longer descends from the
/// last commit Kiln acted on.
public struct SourceRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The manifest commit refused.
    public var commit: ObjectID
    /// `unsigned`, `unknown_signer`, `bad_signature`, `verifier_failed` or `history_rewritten`; a metric label.
    public var reason: String
    /// What happened and what an operator can do, naming the commit.
    public var message: String

    public var description: String { message }

    static func rewritten(_ commit: ObjectID, acted: ObjectID) -> SourceRefusal {
        SourceRefusal(
            commit: commit, reason: "history_rewritten",
            message: """
                commit \(commit.abbreviated()): the branch was rewritten: it does not descend from \
                \(acted.abbreviated()), the last commit Kiln acted on; set repository.allowRewrite to follow it, or \
                push a commit that descends from \(acted.abbreviated())
                """)
    }

    init(commit: ObjectID, reason: String, message: String) {
        self.commit = commit
        self.reason = reason
        self.message = message
    }

    init(_ refusal: SignatureRefusal) {
        self.init(commit: refusal.commit, reason: refusal.reason.rawValue, message: refusal.description)
    }
}

extension Daemon {
    /// `refs/kiln/acted/<branch>` in the mirror: the last manifest commit a cycle ran on. It lives in the local
    /// mirror (git, not a database), so a restarted daemon still knows where the branch stood.
    var actedReference: String { "refs/kiln/acted/" + settings.repository.branch }

    /// The last manifest commit a cycle ran on, as recorded in the mirror.
    public var actedCommit: ObjectID? {
        try? mirror.repository.reference(actedReference)
    }

    /// Whether the daemon may act on `commit`: nil with its signer (when signatures are required), or a refusal.
    func admit(_ commit: ObjectID) -> Result<VerifiedSigner?, SourceRefusal> {
        if !settings.repository.allowRewrite, let acted = actedCommit,
            (try? mirror.repository.isAncestor(acted, of: commit)) != true
        {
            return .failure(.rewritten(commit, acted: acted))
        }
        let policy = settings.git.verify
        guard policy.isEnabled else { return .success(nil) }
        if let verified = verifiedSigner, verified.commit == commit { return .success(verified.signer) }
        do {
            let signer = try policy.verify(commit, in: mirror.repository)
            verifiedSigner = (commit, signer)
            return .success(signer)
        } catch {
            return .failure(SourceRefusal(error))
        }
    }

    /// Records that a cycle ran on `commit`.
    func recordActed(_ commit: ObjectID) {
        do {
            try mirror.repository.setReference(actedReference, to: commit, message: "kiln: acted")
        } catch {
            logger.warning("cannot record the commit acted on", metadata: ["error": "\(error)"])
        }
    }

    /// Does nothing in AWS for the refused commit; reports it once (log, metric, the status files' `source:` block)
    /// and on `/readyz`.
    func refuse(_ refusal: SourceRefusal, statusTip: ObjectID?, at now: Date) async {
        schedule.cycleEnded(.stalled, at: now)
        health.update { $0.sourceRefusal = refusal.message }
        metrics.sourceRefused(blocked: true)
        guard refusal != sourceRefusal else { return }
        sourceRefusal = refusal
        metrics.sourceRefusal(reason: refusal.reason)
        notifier?.submit([.sourceRefused(refusal, time: now)])
        logger.error(
            "not acting on the commit",
            metadata: [
                "commit": "\(refusal.commit.hex)", "reason": "\(refusal.reason)", "error": "\(refusal.message)",
                "acted": "\(actedCommit?.hex ?? "-")",
            ])
        let status = StatusWriteBack(
            publisher: publisher, observedCommit: manifestCommit?.hex, statusCommit: statusTip?.hex,
            source: statusSource(for: manifestCommit))
        _ = await status.publishRefusal(of: refusal.commit, reason: refusal.reason)
    }

    /// The tip is acceptable again: clears the report of an earlier refusal.
    func accepted() {
        metrics.sourceRefused(blocked: false)
        guard let previous = sourceRefusal else { return }
        sourceRefusal = nil
        health.update { $0.sourceRefusal = nil }
        logger.notice("acting on the branch again", metadata: ["refused": "\(previous.commit.hex)"])
    }

    /// The `source:` block of every status document: the manifest commit acted on, its signer, and any refusal.
    func statusSource(for commit: ObjectID?) -> StatusSource? {
        let refused = sourceRefusal.map {
            StatusRefusal(commit: $0.commit.hex, reason: $0.reason, message: Redaction.redact($0.message))
        }
        let signer = verifiedSigner.flatMap { $0.commit == commit ? $0.signer : nil }
        guard settings.git.verify.isEnabled || refused != nil else { return nil }
        return StatusSource(
            commit: commit?.hex, signer: signer?.principal, signingKey: signer?.fingerprint, refused: refused)
    }
}
