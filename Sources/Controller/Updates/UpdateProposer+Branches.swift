import Foundation
import Git
import Planner

// MARK: - The update branches on the remote, and those no image claims

/// Every `kiln/update/*` branch of the remote after one fetch, and what its tip is.
struct UpdateBranchInventory: Sendable {
    /// The tip of each branch, by image (the branch name after `kiln/update/`).
    var tips: [String: ObjectID] = [:]
    /// The version each of Kiln's own branches proposes, by image.
    var pending: [String: SemanticVersion] = [:]
    /// Why a branch is not Kiln's own proposal, by image: such a branch is never moved or deleted.
    var foreign: [String: String] = [:]
    /// Branches whose tip could not be read, and their records.
    var unreadableImages: Set<String> = []
    var unreadable: [UpdateBranchRecord] = []
}

extension UpdateProposer {
    /// Fetches every update branch in one connection and checks whose each tip is.
    func inventory() async throws -> UpdateBranchInventory {
        let tips = try await mirror.fetch(branchesUnder: Self.prefix)
        let ownership = UpdateBranchOwnership(
            repository: mirror.repository, authorName: publisher.authorName, authorEmail: publisher.authorEmail,
            trackedTip: try mirror.fetchedTip(of: trackedBranch))
        var inventory = UpdateBranchInventory()
        for (branch, tip) in tips.sorted(by: { $0.key < $1.key }) {
            let image = String(branch.dropFirst(Self.prefix.count))
            inventory.tips[image] = tip
            do {
                if let reason = try ownership.foreignReason(tip, image: image) {
                    inventory.foreign[image] = reason
                } else {
                    let summary = try mirror.repository.commit(tip).summary
                    inventory.pending[image] = UpdateCommit.proposedVersion(summary: summary, image: image)
                }
            } catch {
                inventory.unreadableImages.insert(image)
                inventory.unreadable.append(failed(branch, image, "cannot read \(branch): \(error)", commit: tip.hex))
            }
        }
        return inventory
    }

    /// The record of a branch that is not Kiln's own proposal: left as it is, logged once per tip.
    func left(_ image: String, tip: ObjectID, reason: String) -> UpdateBranchRecord {
        let branch = Self.branch(for: image)
        if memory.isNew(branch, tip: tip) {
            publisher.metrics.updatePush("left")
            logger.warning(
                "update branch left: it has commits not made by Kiln",
                metadata: ["branch": "\(branch)", "image": "\(image)", "commit": "\(tip.hex)"])
        } else {
            logger.debug("update branch still left", metadata: ["branch": "\(branch)", "commit": "\(tip.hex)"])
        }
        return UpdateBranchRecord(branch: branch, image: image, outcome: .left, commit: tip.hex, detail: reason)
    }

    /// Branches no decision claims: Kiln's own are deleted, others left. Nothing is deleted while the manifests
    /// were not all read, nor for an image whose manifest is invalid (it could still want its proposal).
    func unclaimed(_ inventory: UpdateBranchInventory, decided: Set<String>, desired: DesiredState) async
        -> [UpdateBranchRecord]
    {
        var records: [UpdateBranchRecord] = []
        let images = Dictionary(desired.images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (image, tip) in inventory.tips.sorted(by: { $0.key < $1.key })
        where !decided.contains(image) && !inventory.unreadableImages.contains(image) {
            let branch = Self.branch(for: image)
            if let reason = inventory.foreign[image] {
                records.append(left(image, tip: tip, reason: reason))
            } else if !desired.loadedCompletely || desired.invalidImageNames.contains(image) {
                records.append(
                    UpdateBranchRecord(
                        branch: branch, image: image, outcome: .pending, commit: tip.hex,
                        detail: "the manifests were not all read: kept"))
            } else {
                records.append(await withdraw(image, branch: branch, existing: tip, reason: Self.why(images[image])))
            }
        }
        return records
    }

    /// Why nothing claims the branch of an image.
    static func why(_ image: DesiredImage?) -> String {
        guard let image else { return "no manifest names the image" }
        if image.retired { return "the image is retired" }
        if image.autoUpdate == .none { return "autoUpdate is off" }
        return "the image's source is not watched"
    }
}
