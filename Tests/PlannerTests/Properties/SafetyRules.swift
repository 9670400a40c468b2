import Foundation
import Testing

@testable import Planner

// MARK: - The prune safety rules, checked independently of the planner

/// One rule of DESIGN.md's "Prune: safety first".
enum SafetyRule: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case desiredVersion, pinnedVersion, newestKeep, minAge, instance, launchTemplateDefaultOrLatest
    case groupPinnedVersion, launchConfiguration, ssmParameter, notOwned, invalidManifest, failedLoad
    case deletedManifest, shrunkSet, failedRegion
    /// Ownership from evidence: the immutable name must match the tags, the AMI must be in Kiln's account.
    case forgedName, foreignAccount
    /// Launch permission Kiln did not grant (shared by hand).
    case sharedByHand

    var testDescription: String { rawValue }
}

/// Ground truth computed from the raw world, not from the planner's indexes.
struct SafetyCheck {
    let world: GeneratedWorld
    let plan: Plan

    var now: Date { Fixture.now }
    var owner: String { world.desired.owner }

    static let destructive: Set<String> = [
        "deregisterImage", "disableImage", "deleteSnapshot", "sweepSnapshot", "deleteLaunchTemplateVersions",
        "deleteLaunchConfiguration", "sweepBuilder",
    ]

    func image(_ id: String) -> ObservedImage? { world.actual.images.first { $0.id == id } }

    func manifest(_ name: String?) -> DesiredImage? { world.desired.images.first { $0.name == name } }

    /// A failed or timed-out AMI of the desired bake: the bake's failure handling removes it.
    func isPartialOfDesiredBake(_ ami: ObservedImage) -> Bool {
        guard let manifest = manifest(ami.tags[KilnTag.image]), !manifest.retired else { return false }
        let ofBake = ami.tags.kilnVersion == manifest.version && ami.tags[KilnTag.recipe] == manifest.recipe
        let stuck =
            ami.state != .available && ami.state != .disabled && ami.creationDate < now.addingTimeInterval(-3600)
        return ofBake && (ami.state.isFailed || stuck)
    }

    var deregistered: [ObservedImage] {
        plan.actions.compactMap(\.kind.deregisteredImage).map {
            image($0) ?? ObservedImage(id: $0, region: "?", name: "?", state: .available, creationDate: now)
        }
    }

    /// AMIs the plan disables (staged retirement): every rule that keeps an AMI from deregistration keeps it
    /// from being disabled too.
    var disabled: [ObservedImage] {
        plan.actions.compactMap(\.kind.disabledImage).map {
            image($0) ?? ObservedImage(id: $0, region: "?", name: "?", state: .available, creationDate: now)
        }
    }

    var shrunk: Bool {
        guard let previous = world.configuration.previousImageCount, previous > 0 else { return false }
        let count = Set(world.desired.images.map(\.name)).union(world.desired.invalidImageNames).count
        return Double(previous - count) / Double(previous) > world.configuration.maxShrinkFraction
    }

    /// Descriptions of the plan's actions that break `rule`.
    func violations(of rule: SafetyRule) -> [String] {
        switch rule {
        case .failedLoad:
            return world.desired.loadedCompletely ? [] : destructiveActions()
        case .shrunkSet:
            return shrunk ? destructiveActions() : []
        case .failedRegion:
            return plan.actions.filter {
                Self.destructive.contains($0.kind.caseName) || $0.kind.deregisteredImage != nil
                    || $0.kind.disabledImage != nil
            }
            .filter {
                !world.actual.observedRegions.contains($0.region) || world.actual.failedRegions.contains($0.region)
            }
            .map(\.summary)
        default:
            return (deregistered + disabled).filter { protects(rule, $0) }.map {
                "\($0.id) \($0.tags[KilnTag.version] ?? "")"
            }
        }
    }

    private func destructiveActions() -> [String] {
        plan.actions.filter { Self.destructive.contains($0.kind.caseName) }.map(\.summary)
    }

    /// `rule` forbids deregistering `ami`.
    func protects(_ rule: SafetyRule, _ ami: ObservedImage) -> Bool {
        let name = ami.tags[KilnTag.image]
        let version = ami.tags.kilnVersion
        let manifest = manifest(name)
        let partial = isPartialOfDesiredBake(ami)
        let actual = world.actual
        switch rule {
        case .desiredVersion:
            return !partial && manifest.map { !$0.retired && $0.version == version } ?? false
        case .pinnedVersion:
            return !partial && manifest.map { m in version.map { m.retention.pinned.contains($0) } ?? true } ?? false
        case .newestKeep:
            guard !partial, let manifest, !manifest.retired else { return false }
            let versions = Set(
                actual.images.filter { $0.tags[KilnTag.owner] == owner && $0.tags[KilnTag.image] == name }
                    .compactMap(\.tags.kilnVersion))
            return version.map { versions.sorted(by: >).prefix(manifest.retention.keep).contains($0) } ?? true
        case .minAge:
            return !partial
                && manifest.map { ami.creationDate > now.addingTimeInterval(-$0.retention.minAge.timeInterval) }
                    ?? false
        case .instance:
            return actual.instances.contains { $0.imageId == ami.id && $0.state != .terminated }
        case .launchTemplateDefaultOrLatest:
            return actual.launchTemplates.contains {
                $0.version($0.defaultVersion)?.imageId == ami.id || $0.version($0.latestVersion)?.imageId == ami.id
            }
        case .groupPinnedVersion:
            return pinnedByGroup(ami.id)
        case .launchConfiguration:
            return actual.launchConfigurations.contains { $0.imageId == ami.id }
        case .ssmParameter:
            return actual.parameters.contains { $0.imageId == ami.id }
        case .notOwned:
            return ami.tags[KilnTag.owner] != owner
        case .forgedName:
            let expected = ami.tags[KilnTag.image].flatMap { image in
                ami.tags[KilnTag.version].flatMap { version in
                    ami.tags[KilnTag.recipe].map { "kiln/\(image)/\(version)/\($0.prefix(8))" }
                }
            }
            return ami.name != expected
        case .foreignAccount:
            return ami.ownerId == nil || ami.ownerId != world.actual.accountId
        case .sharedByHand:
            let recorded = Set(
                (ami.tags[KilnTag.sharedWith] ?? "").split(separator: ",").map(String.init))
            return !ami.launchPermissionAccounts.subtracting(recorded).isEmpty
        case .invalidManifest:
            return name.map { world.desired.invalidImageNames.contains($0) } ?? true
        case .deletedManifest:
            return manifest == nil
        case .failedLoad, .shrunkSet, .failedRegion:
            return false
        }
    }

    private func pinnedByGroup(_ id: String) -> Bool {
        let actual = world.actual
        for group in actual.autoScalingGroups {
            var references = [group.launchTemplate].compactMap { $0 }
            if let policy = group.mixedInstancesPolicy { references += [policy.launchTemplate] + policy.overrides }
            for reference in references {
                let template = actual.launchTemplates.first {
                    $0.region == group.region
                        && (reference.id != nil ? $0.id == reference.id : $0.name == reference.name)
                }
                guard let template else { continue }
                let number: Int? =
                    switch reference.version {
                    case nil, "$Default": template.defaultVersion
                    case "$Latest": template.latestVersion
                    case let text?: Int(text)
                    }
                if let number, template.version(number)?.imageId == id { return true }
            }
        }
        return false
    }

    // MARK: - Snapshots and owners

    /// Snapshot deletions whose snapshot is still used by an image, or not ours.
    func snapshotViolations() -> [String] {
        plan.actions.compactMap(\.kind.deletedSnapshot).filter { id in
            let snapshot = world.actual.snapshots.first { $0.id == id }
            let used = world.actual.images.contains { $0.snapshotIds.contains(id) }
            let named = Ownership.imageIds(in: snapshot?.description)
            let provenance = !named.isEmpty && named.allSatisfy { id in image(id).map(isOurs) ?? true }
            return snapshot == nil || used || snapshot?.usedByImage == true || snapshot?.tags[KilnTag.owner] != owner
                || !provenance
        }
    }

    /// Destructive actions on a resource tagged with another owner.
    func ownerViolations() -> [String] {
        plan.actions.compactMap { action -> String? in
            let tags: [String: String]?
            switch action.kind {
            case .deregisterImage(let id, _), .deprecateImage(let id, _), .shareImage(let id, _, _),
                .tagImage(let id, _, _), .untagImage(let id, _, _), .unshareImage(let id, _, _), .disableImage(let id),
                .enableImage(let id), .setDeregistrationProtection(let id, _):
                if let ami = image(id), !isOurs(ami) { return action.summary }
                tags = image(id)?.tags
            case .deleteSnapshot(let id), .sweepSnapshot(let id):
                tags = world.actual.snapshots.first { $0.id == id }?.tags
            case .sweepBuilder(let id), .terminateBuilder(let id, _), .keepFailedBuilder(let id, _),
                .stopBuilder(let id, _):
                guard let instance = world.actual.instances.first(where: { $0.id == id }) else { return action.summary }
                let t = instance.tags
                let expected = ClientToken(
                    input: "kiln-builder|\(owner)|\(t[KilnTag.image] ?? "")|\(t[KilnTag.version] ?? "")|"
                        + "\(t[KilnTag.recipe] ?? "")|\(t[KilnTag.attempt] ?? "")")
                if instance.clientToken != expected.value { return action.summary }
                tags = t
            default: return nil
            }
            return tags?[KilnTag.owner] == owner ? nil : action.summary
        }
    }

    /// Ground truth of AMI ownership: the owner tag, the name its tags imply, the account.
    func isOurs(_ ami: ObservedImage) -> Bool {
        guard ami.tags[KilnTag.owner] == owner, let image = ami.tags[KilnTag.image],
            let version = ami.tags[KilnTag.version], let recipe = ami.tags[KilnTag.recipe],
            let account = world.actual.accountId
        else { return false }
        return ami.name == "kiln/\(image)/\(version)/\(recipe.prefix(8))" && ami.ownerId == account
    }
}
