import Foundation
import Git
import Logging
import Manifest
import Planner

// MARK: - Source updates proposed as branches

/// Proposes version bumps for images whose source moved, each as one commit on `kiln/update/<image>` for review.
///
/// Runs after the cycle published its status (`Cycle+Propose.swift`), in the daemon only. The decisions are the
/// planner's (`SourceUpdates.decide`); this type only carries them out: the commit changes nothing but the
/// `spec.version` scalar of the image's manifest at the tracked branch's tip, and goes through the status
/// publisher's mirror (credentials, TLS checks, deadlines) and signer. A branch is moved only when its file or
/// message would change, deleted once the manifest reaches the proposed version or the source went back, and never
/// is the tracked or the status branch. A failure is recorded and retried next cycle.
public struct UpdateProposer: Sendable {
    /// The status publisher whose mirror, signer, author, clock, metrics and logger the proposals use.
    let publisher: StatusPublisher
    /// The branch whose manifests are reconciled: proposals build on its tip and are never pushed to it.
    public let trackedBranch: String

    /// Branches already reported as left, kept across cycles.
    let memory: UpdateBranchMemory

    /// Creates a proposer.
    public init(publisher: StatusPublisher, trackedBranch: String, memory: UpdateBranchMemory = UpdateBranchMemory()) {
        self.publisher = publisher
        self.trackedBranch = trackedBranch
        self.memory = memory
    }

    /// The folder of every update branch.
    public static let prefix = "kiln/update/"

    /// Where the update of `image` is proposed.
    public static func branch(for image: String) -> String { prefix + image }

    var mirror: Mirror { publisher.mirror }
    var logger: Logger { publisher.logger }

    /// Decides and carries out every image's proposal; one record per branch that exists or existed this cycle.
    ///
    /// Every `kiln/update/*` branch is fetched in one connection. A branch whose tip is not Kiln's own proposal
    /// (`UpdateBranchOwnership`) is never moved or deleted: it is reported as left. A branch no image's decision
    /// claims (its manifest deleted, `autoUpdate` turned off, the image retired) is deleted when it is Kiln's.
    func run(desired: DesiredState, actual: ActualState, manifests: ManifestSet, snapshot: SourceSnapshot) async
        -> [UpdateBranchRecord]
    {
        let inventory: UpdateBranchInventory
        do {
            inventory = try await self.inventory()
        } catch {
            return [failed(Self.prefix + "*", "*", "cannot fetch \(Self.prefix)*: \(error)")]
        }
        var records = inventory.unreadable
        let decisions = SourceUpdates.decide(desired: desired, actual: actual, pending: inventory.pending)
        var decided: Set<String> = []
        for decision in decisions where !inventory.unreadableImages.contains(decision.image) {
            decided.insert(decision.image)
            let branch = Self.branch(for: decision.image)
            let existing = inventory.tips[decision.image]
            if let existing, let reason = inventory.foreign[decision.image] {
                records.append(left(decision.image, tip: existing, reason: reason))
                continue
            }
            switch decision {
            case .propose(let update):
                records.append(
                    await propose(update, branch: branch, existing: existing, manifests: manifests, snapshot: snapshot))
            case .withdraw(let image, let reason):
                guard let existing else { continue }
                records.append(await withdraw(image, branch: branch, existing: existing, reason: reason))
            case .keep(let image, let reason):
                guard let existing else { continue }
                records.append(
                    UpdateBranchRecord(
                        branch: branch, image: image, outcome: .pending, to: inventory.pending[image]?.description,
                        commit: existing.hex, detail: reason))
            }
        }
        records += await unclaimed(inventory, decided: decided, desired: desired)
        memory.keep(only: Set(records.filter { $0.outcome == .left }.map(\.branch)))
        publisher.metrics.updateBranches(records.filter(\.isOpen).count)
        return records
    }

    // MARK: - Steps

    /// Writes the proposal on the tracked tip and pushes it, unless the branch already proposes exactly this.
    private func propose(
        _ update: SourceUpdate, branch: String, existing: ObjectID?, manifests: ManifestSet, snapshot: SourceSnapshot
    ) async -> UpdateBranchRecord {
        do {
            guard branch != trackedBranch, branch != publisher.branch else {
                return UpdateBranchRecord(
                    branch: branch, update: update, outcome: .failed, commit: nil,
                    detail: "\(branch) is the tracked or the status branch: nothing is pushed to it")
            }
            guard let tip = try mirror.fetchedTip(of: trackedBranch),
                let manifest = manifests.images.first(where: { $0.name == update.image }),
                let text = try trackedText(manifest.file, at: tip, snapshot: snapshot),
                let edited = UpdateCommit.editedManifest(text, of: manifest, for: update)
            else {
                return UpdateBranchRecord(
                    branch: branch, update: update, outcome: existing == nil ? .failed : .pending,
                    commit: existing?.hex, detail: "the manifest at the tracked tip is not the one reconciled")
            }
            let message = UpdateCommit.message(update)
            let trailers = UpdateCommit.trailers(update)
            if let existing, try proposes(existing, file: manifest.file, text: edited, message: message, trailers) {
                return UpdateBranchRecord(branch: branch, update: update, outcome: .unchanged, commit: existing.hex)
            }
            let signature = Signature(
                name: publisher.authorName, email: publisher.authorEmail, date: publisher.clock.now())
            guard
                let commit = try mirror.repository.commit(
                    parent: tip, updating: [manifest.file: Data(edited.utf8)], author: signature,
                    committer: signature, message: message, trailers: trailers, signedBy: publisher.signer)
            else {
                return UpdateBranchRecord(
                    branch: branch, update: update, outcome: .failed, commit: nil, detail: "the edit changed nothing")
            }
            switch try await mirror.replace(branch, with: commit, expecting: .some(existing)) {
            case .pushed:
                publisher.metrics.updatePush("pushed")
                logger.info(
                    "update branch pushed",
                    metadata: [
                        "branch": "\(branch)", "image": "\(update.image)", "version": "\(update.to)",
                        "from": "\(update.from)", "source": "\(update.sourceChange)", "commit": "\(commit.hex)",
                    ])
                return UpdateBranchRecord(branch: branch, update: update, outcome: .pushed, commit: commit.hex)
            case .rejected(let reason):
                publisher.metrics.updatePush("rejected")
                logger.warning("update branch push refused", metadata: ["branch": "\(branch)", "reason": "\(reason)"])
                return UpdateBranchRecord(
                    branch: branch, update: update, outcome: .failed, commit: existing?.hex,
                    detail: "push refused: \(reason)")
            }
        } catch {
            publisher.metrics.updatePush("failed")
            logger.warning("cannot push update branch", metadata: ["branch": "\(branch)", "error": "\(error)"])
            return UpdateBranchRecord(
                branch: branch, update: update, outcome: .failed, commit: existing?.hex, detail: "\(error)")
        }
    }

    /// Deletes the branch on the remote, if it still holds `existing`.
    func withdraw(_ image: String, branch: String, existing: ObjectID, reason: String) async
        -> UpdateBranchRecord
    {
        guard branch != trackedBranch, branch != publisher.branch else {
            return failed(branch, image, "\(branch) is the tracked or the status branch: it is never deleted")
        }
        do {
            switch try await mirror.replace(branch, with: nil, expecting: .some(existing)) {
            case .pushed:
                publisher.metrics.updatePush("deleted")
                logger.info(
                    "update branch deleted",
                    metadata: ["branch": "\(branch)", "image": "\(image)", "reason": "\(reason)"])
                return UpdateBranchRecord(branch: branch, image: image, outcome: .deleted, detail: reason)
            case .rejected(let refusal):
                publisher.metrics.updatePush("rejected")
                return failed(branch, image, "deletion refused: \(refusal)", commit: existing.hex)
            }
        } catch {
            publisher.metrics.updatePush("failed")
            return failed(branch, image, "cannot delete \(branch): \(error)", commit: existing.hex)
        }
    }

    // MARK: - Pieces

    /// The manifest's text at the tracked tip, if it is the text the cycle decoded (so positions hold).
    private func trackedText(_ file: String, at tip: ObjectID, snapshot: SourceSnapshot) throws -> String? {
        guard case .blob(let blob)? = try mirror.repository.object(at: file, in: tip) else { return nil }
        let data = try mirror.repository.blob(blob)
        guard let reconciled = snapshot.manifests.first(where: { $0.path == file }),
            reconciled.contents == Array(data)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Whether the branch's tip already holds `text` in `file` and this message: then it is left alone.
    private func proposes(
        _ commit: ObjectID, file: String, text: String, message: String, _ trailers: [Trailer]
    ) throws -> Bool {
        let details = try mirror.repository.commit(commit)
        guard details.summary == message,
            trailers.allSatisfy({ details.message.contains("\n\($0.key): \($0.value)\n") }),
            case .blob(let blob)? = try mirror.repository.object(at: file, in: commit)
        else { return false }
        return try mirror.repository.blob(blob) == Data(text.utf8)
    }

    func failed(_ branch: String, _ image: String, _ detail: String, commit: String? = nil)
        -> UpdateBranchRecord
    {
        logger.warning("update branch not handled", metadata: ["branch": "\(branch)", "error": "\(detail)"])
        return UpdateBranchRecord(branch: branch, image: image, outcome: .failed, commit: commit, detail: detail)
    }
}
