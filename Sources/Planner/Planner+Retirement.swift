import Foundation

// MARK: - Staged retirement: disable, then deregister; protection of pinned versions

/// What staged retirement does with a version retention would prune.
struct RetirementStage: Sendable {
    /// DisableImage of the AMIs whose time has come (or that are disabled without a recorded time).
    var actions: [Action] = []
    /// Why the version is not deregistered this cycle; empty when every AMI may be deregistered now.
    var waiting: [String] = []
    /// The latest time one of its AMIs was disabled, when every AMI is disabled with a recorded time.
    var disabledSince: Date?

    /// `DisableImage` of `ami` for `reason`; the version waits for it (`waiting` says why, after the AMI's id).
    mutating func disable(
        _ ami: ObservedImage, of image: DesiredImage, _ version: SemanticVersion, waiting: String, reason: String
    ) {
        self.waiting.append("\(ami.id) \(waiting)")
        actions.append(
            Action(
                .disableImage(imageId: ami.id), reason: reason, image: image.name, version: version, region: ami.region)
        )
    }
}

extension Planning {
    /// The stage of a version no rule protects, under `retention.disableAfter` / `deleteAfter`. An AMI is disabled
    /// `disableAfter` (default: at once) after its deprecation time, or its creation when it has none; it is
    /// deregistered `deleteAfter` after the time recorded in `kiln:disabled-at`, never without `deleteAfter`.
    func retirementStage(
        _ image: DesiredImage, version: SemanticVersion, images: [ObservedImage], reason: String
    ) -> RetirementStage {
        let retention = image.retention
        var stage = RetirementStage()
        var disabledTimes: [Date] = []
        for ami in images {
            guard ami.state == .disabled else {
                let due = (ami.deprecationTime ?? ami.creationDate).addingTimeInterval(
                    retention.disableAfter?.timeInterval ?? 0)
                if due > now {
                    stage.waiting.append("\(ami.id) is disabled only at \(KilnNames.timestamp(due))")
                } else {
                    stage.disable(
                        ami, of: image, version, waiting: "is disabled first",
                        reason: "staged retirement: \(reason); disabled first (restorable with kiln restore)")
                }
                continue
            }
            guard let disabledAt = Self.disabledAt(ami) else {
                stage.disable(
                    ami, of: image, version, waiting: "is disabled without a recorded time",
                    reason: "disabled without \(KilnTag.disabledAt): record the time")
                continue
            }
            disabledTimes.append(disabledAt)
            guard let after = retention.deleteAfter?.timeInterval else {
                stage.waiting.append("\(ami.id) is disabled; retention.deleteAfter is not set")
                continue
            }
            let due = disabledAt.addingTimeInterval(after)
            if due > now {
                stage.waiting.append("\(ami.id) is disabled and deregistered only at \(KilnNames.timestamp(due))")
            }
        }
        if stage.waiting.isEmpty { stage.disabledSince = disabledTimes.max() }
        return stage
    }

    /// The time recorded in an AMI's `kiln:disabled-at` tag.
    static func disabledAt(_ ami: ObservedImage) -> Date? {
        KilnNames.date(fromTimestamp: ami.tags[KilnTag.disabledAt])
    }

    // MARK: - Repairs that are always safe

    /// EnableImage of a disabled AMI of the desired or a pinned version, and deregistration protection for the
    /// AMIs of pinned versions. Planned every cycle, whatever blocks a prune: none of them removes anything.
    func retirementRepairs(of image: DesiredImage) -> [Action] {
        let amis = (inventory.oursByImage[image.name] ?? []).sorted { ($0.region, $0.id) < ($1.region, $1.id) }
        var actions: [Action] = []
        for ami in amis where inventory.isKnown(ami.region) {
            guard let version = ami.tags.kilnVersion else { continue }
            let pinned = image.retention.pinned.contains(version)
            let desired = !image.retired && version == image.version
            if ami.state == .disabled && (pinned || desired) {
                actions.append(
                    Action(
                        .enableImage(imageId: ami.id),
                        reason: pinned ? "\(version) is pinned in retention" : "\(version) is desired again",
                        image: image.name, version: version, region: ami.region))
            }
            if pinned && !ami.deregistrationProtection && ami.state != .pending {
                actions.append(
                    Action(
                        .setDeregistrationProtection(imageId: ami.id, enabled: true),
                        reason: "\(version) is pinned in retention", image: image.name, version: version,
                        region: ami.region))
            }
        }
        return actions
    }

    /// Removal of deregistration protection from AMIs whose version is no longer pinned: the first step of a prune,
    /// planned only when a prune could be (the AMI stays kept while protected).
    func unpinnedProtections(of image: DesiredImage) -> [Action] {
        let amis = (inventory.oursByImage[image.name] ?? []).sorted { ($0.region, $0.id) < ($1.region, $1.id) }
        return amis.compactMap { ami in
            guard ami.deregistrationProtection, let version = ami.tags.kilnVersion,
                !image.retention.pinned.contains(version)
            else { return nil }
            return Action(
                .setDeregistrationProtection(imageId: ami.id, enabled: false),
                reason: "\(version) is not pinned in retention", image: image.name, version: version,
                region: ami.region)
        }
    }
}
