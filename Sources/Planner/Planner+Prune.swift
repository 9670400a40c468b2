import Foundation

// MARK: - Prune: old versions, safely

/// The prune part of one image's plan.
struct PruneOutcome: Sendable {
    var actions: [Action] = []
    var candidates: [PruneCandidate] = []
    var kept: [KeptVersion] = []
    /// Why nothing of this image is pruned this cycle.
    var blocked: String?
}

extension Planning {
    /// Deprecates and deregisters the versions no rule protects. `blockedBy` says why this image's
    /// cycle is not finished (pending bake or rollout): then nothing is pruned.
    func planPrune(_ image: DesiredImage, blockedBy: String?) -> PruneOutcome {
        if let block = destructiveBlock ?? blockedBy ?? unknownRegion(of: image) {
            return PruneOutcome(blocked: block)
        }
        var outcome = PruneOutcome()
        outcome.actions += unpinnedProtections(of: image)
        let amis = inventory.oursByImage[image.name] ?? []
        let unparsable = Set(amis.filter { $0.tags.kilnVersion == nil }.compactMap { $0.tags[KilnTag.version] })
        for text in unparsable.sorted() {
            outcome.kept.append(KeptVersion(version: text, reasons: ["its version tag is not a semantic version"]))
        }
        let byVersion = Dictionary(grouping: amis.filter { $0.tags.kilnVersion != nil }) {
            $0.tags.kilnVersion ?? image.version
        }
        let versions = byVersion.keys.sorted(by: >)
        let newest = image.retired ? [] : Array(versions.prefix(max(image.retention.keep, 0)))
        var deregistered: Set<String> = []
        for version in versions {
            let images = (byVersion[version] ?? []).sorted { ($0.region, $0.id) < ($1.region, $1.id) }
            let text = images.first?.tags[KilnTag.version] ?? version.description
            outcome.actions += deprecations(image, version: version, images: images)
            let reasons = protections(image, version: version, images: images, newest: newest)
            if !reasons.isEmpty {
                outcome.kept.append(KeptVersion(version: text, reasons: reasons))
                continue
            }
            var why = pruneReason(image, newest: newest)
            if image.retention.isStaged {
                let stage = retirementStage(image, version: version, images: images, reason: why)
                outcome.actions += stage.actions
                guard let since = stage.disabledSince else {
                    outcome.kept.append(KeptVersion(version: text, reasons: stage.waiting))
                    continue
                }
                why += ", disabled since \(KilnNames.timestamp(since))"
            }
            outcome.candidates.append(PruneCandidate(version: text, imageIds: images.map(\.id), reason: why))
            for ami in images {
                deregistered.insert(ami.id)
                outcome.actions.append(
                    Action(
                        .deregisterImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted()),
                        reason: why, image: image.name, version: version, region: ami.region))
            }
        }
        outcome.actions += unusedLaunchTemplateVersions(of: image, deregistered: deregistered)
        outcome.actions += unusedLaunchConfigurations(of: image)
        return outcome
    }

    /// The first region this image lives in (or should) that could not be observed.
    private func unknownRegion(of image: DesiredImage) -> String? {
        let regions = Set(image.regions).union((inventory.oursByImage[image.name] ?? []).map(\.region))
        guard let region = regions.sorted().first(where: { !inventory.isKnown($0) }) else { return nil }
        return "region \(region) could not be observed"
    }

    // MARK: - Rules

    /// Every reason a version must stay; empty when it may be deregistered.
    func protections(
        _ image: DesiredImage, version: SemanticVersion, images: [ObservedImage], newest: [SemanticVersion]
    ) -> [String] {
        var reasons: [String] = []
        let retention = image.retention
        if !image.retired && version == image.version { reasons.append("the desired version") }
        if retention.pinned.contains(version) { reasons.append("pinned in retention") }
        if newest.contains(version) { reasons.append("among the newest \(retention.keep) versions") }
        for ami in images {
            if ami.creationDate > now.addingTimeInterval(-retention.minAge.timeInterval) {
                reasons.append("\(ami.id) is younger than \(formatDuration(retention.minAge.timeInterval))")
            }
            if ami.state == .pending { reasons.append("\(ami.id) is pending") }
            if ami.deregistrationProtection { reasons.append("\(ami.id) has deregistration protection") }
            reasons += (inventory.references[ami.id] ?? []).map { "\(ami.id) is \($0)" }
            let handShared = handSharedAccounts(ami)
            if !handShared.isEmpty {
                reasons.append(
                    "\(ami.id) is shared with \(handShared.joined(separator: ", ")), which Kiln did not grant")
            }
        }
        if let after = retention.deprecateAfter?.timeInterval, reasons.isEmpty {
            for ami in images {
                guard let time = ami.deprecationTime else {
                    reasons.append("\(ami.id) is deprecated first (deprecateAfter \(formatDuration(after)))")
                    continue
                }
                if time > now { reasons.append("\(ami.id) is deprecated only at \(KilnNames.timestamp(time))") }
            }
        }
        return reasons
    }

    private func pruneReason(_ image: DesiredImage, newest: [SemanticVersion]) -> String {
        var parts: [String] = []
        parts.append(image.retired ? "the image is retired" : "not the desired version \(image.version)")
        parts.append("not pinned")
        if !image.retired { parts.append("not among the newest \(image.retention.keep)") }
        parts.append("older than \(formatDuration(image.retention.minAge.timeInterval))")
        parts.append("no instance, launch template, group, launch configuration or parameter uses it")
        if image.retention.deprecateAfter != nil { parts.append("deprecated") }
        return parts.joined(separator: ", ")
    }

    /// Deprecation of versions that are no longer desired; cancelled when a version is desired again.
    private func deprecations(_ image: DesiredImage, version: SemanticVersion, images: [ObservedImage]) -> [Action] {
        guard let after = image.retention.deprecateAfter?.timeInterval else { return [] }
        let desired = !image.retired && version == image.version
        if image.retention.pinned.contains(version) { return [] }
        return images.compactMap { ami in
            if desired {
                guard ami.deprecationTime != nil else { return nil }
                return Action(
                    .deprecateImage(imageId: ami.id, at: nil), reason: "\(version) is desired again",
                    image: image.name, version: version, region: ami.region)
            }
            guard ami.deprecationTime == nil else { return nil }
            return Action(
                .deprecateImage(imageId: ami.id, at: now.addingTimeInterval(after)),
                reason: "\(version) is no longer desired: deprecated after \(formatDuration(after))",
                image: image.name, version: version, region: ami.region)
        }
    }
}

// MARK: - Launch-template versions Kiln created

extension Planning {
    /// Kiln's versions of this image's launch templates that are neither default, latest nor pinned by a
    /// group, and whose AMI is gone or deregistered by this plan.
    func unusedLaunchTemplateVersions(of image: DesiredImage, deregistered: Set<String>) -> [Action] {
        let actual = inventory.actual
        var actions: [Action] = []
        var seen: Set<String> = []
        let targets = image.rollout.launchTemplates.sorted { ($0.region, $0.name) < ($1.region, $1.name) }
        for target in targets
        where inventory.isKnown(target.region) && seen.insert("\(target.region)/\(target.name)").inserted {
            for template in actual.launchTemplates.filter({ $0.region == target.region && $0.name == target.name })
                .sorted(by: { $0.id < $1.id })
            {
                let pinned = Set(
                    actual.autoScalingGroups.filter { $0.region == template.region }
                        .flatMap(\.launchTemplateReferences)
                        .compactMap { ImageReferences.resolve($0, region: template.region, in: actual) }
                        .filter { $0.0.id == template.id }.map(\.1))
                let numbers = template.versions.filter { version in
                    guard version.description?.hasPrefix("kiln:\(image.name)/") == true,
                        version.number != template.defaultVersion, version.number != template.latestVersion,
                        !pinned.contains(version.number), let imageId = version.imageId
                    else { return false }
                    return deregistered.contains(imageId) || inventory.imagesById[imageId] == nil
                }.map(\.number).sorted()
                guard !numbers.isEmpty else { continue }
                let list = numbers.map(String.init).joined(separator: ", ")
                actions.append(
                    Action(
                        .deleteLaunchTemplateVersions(
                            templateId: template.id, templateName: template.name, versions: numbers),
                        reason:
                            "Kiln created version(s) \(list) of \(template.name); none is default, latest or pinned "
                            + "by a group, and their AMIs are gone or pruned",
                        image: image.name, version: nil, region: template.region))
            }
        }
        return actions
    }
}
