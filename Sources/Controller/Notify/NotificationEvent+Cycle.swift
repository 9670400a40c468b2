import Foundation
import Planner

// MARK: - What a cycle did, as events

extension NotificationEvent {
    /// The events of one cycle, derived from what it did: actions carried out this cycle, failures recorded this
    /// cycle, update branches pushed this cycle, and the problems that need a person. Nothing here reads state, so an unchanged world yields only
    /// the stalled problems, which the notifier's de-duplication sends once.
    public static func events(of report: CycleReport) -> [NotificationEvent] {
        var events: [NotificationEvent] = []
        let time = report.finishedAt
        let commit = report.commit
        let images = Dictionary((report.plan?.images ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let failedImages = Set(report.outcomes.filter(\.failed).compactMap(\.action.image))
        var rollouts: [RolloutKey: (targets: [String], amiId: String?)] = [:]

        for outcome in report.outcomes {
            let action = outcome.action
            let version = action.version?.description
            switch action.kind {
            case .launchBuilder(let launch) where outcome.changed:
                events.append(
                    NotificationEvent(
                        .bakeStarted, image: action.image, version: version, region: action.region, commit: commit,
                        time: time,
                        text: "Kiln started baking \(subject(action)) in \(action.region) (attempt \(launch.attempt))",
                        attempt: launch.attempt))
            case .recordBakeFailure(let failure) where outcome.status == .recorded:
                events.append(bakeFailed(failure, region: action.region, commit: commit, time: time))
            case .terminateBuilder where outcome.changed:
                guard let name = action.image, let image = images[name], image.phase == .finishing,
                    !failedImages.contains(name), image.desiredVersion == action.version
                else { continue }
                let ami = image.versions.first { $0.version == version }?.amis.first { $0.region == action.region }
                events.append(
                    NotificationEvent(
                        .bakeSucceeded, image: name, version: version, region: action.region, amiId: ami?.imageId,
                        commit: commit, time: time,
                        text: "Kiln baked \(subject(action))\(ami.map { " as \($0.imageId)" } ?? "") "
                            + "in \(action.region)"))
            case .deregisterImage(let imageId, _) where outcome.changed:
                guard let name = action.image, let version,
                    images[name]?.pruneCandidates.contains(where: {
                        $0.version == version && $0.imageIds.contains(imageId)
                    }) == true
                else { continue }
                events.append(
                    NotificationEvent(
                        .versionPruned, image: name, version: version, region: action.region, amiId: imageId,
                        commit: commit, time: time,
                        text: "Kiln pruned \(subject(action)): deregistered \(imageId) in \(action.region)"))
            default:
                guard outcome.changed, let target = rolloutTarget(action.kind), let name = action.image,
                    !failedImages.contains(name)
                else { continue }
                let key = RolloutKey(image: name, version: version, region: action.region)
                var rollout = rollouts[key] ?? ([], nil)
                if !rollout.targets.contains(target.name) { rollout.targets.append(target.name) }
                rollout.amiId = rollout.amiId ?? target.imageId
                rollouts[key] = rollout
            }
        }
        for (key, rollout) in rollouts.sorted(by: { $0.key < $1.key }) {
            let what = [key.image, key.version].compactMap { $0 }.joined(separator: " ")
            events.append(
                NotificationEvent(
                    .rolloutDone, image: key.image, version: key.version, region: key.region, amiId: rollout.amiId,
                    commit: commit, time: time,
                    text: "Kiln rolled \(what)\(rollout.amiId.map { " (\($0))" } ?? "") out in \(key.region): "
                        + rollout.targets.joined(separator: ", ")))
        }
        for issue in report.issues where issue.category == .stalled {
            let version = issue.image.flatMap { images[$0]?.desiredVersion?.description }
            var text = "Kiln needs a person"
            if let image = issue.image { text += " for \(image)\(version.map { " \($0)" } ?? "")" }
            events.append(
                NotificationEvent(
                    .imageStalled, image: issue.image, version: version, region: issue.region, commit: commit,
                    time: time, text: text + ": " + issue.message, reason: issue.reason.rawValue))
        }
        for update in report.updates where update.outcome == .pushed {
            events.append(
                .updatePushed(
                    branch: update.branch, image: update.image, version: update.to, commit: update.commit,
                    time: time))
        }
        for update in report.updates where update.outcome == .left {
            events.append(.updateLeft(branch: update.branch, image: update.image, tip: update.commit, time: time))
        }
        return events
    }

    /// A manifest commit the source gate refused.
    public static func sourceRefused(_ refusal: SourceRefusal, time: Date) -> NotificationEvent {
        NotificationEvent(
            .sourceRefused, commit: refusal.commit.hex, time: time,
            text: "Kiln refuses to act on \(refusal.commit.abbreviated()) (\(refusal.reason)): \(refusal.message)",
            reason: refusal.reason)
    }

    // MARK: - Pieces

    private static func bakeFailed(_ failure: BakeFailure, region: String, commit: String?, time: Date)
        -> NotificationEvent
    {
        var text = "Kiln's bake of \(failure.image) \(failure.version) failed"
        if let step = failure.step { text += " at step \(step)" }
        if let code = failure.exitCode { text += " (exit \(code))" }
        text += ", attempt \(failure.attempt): \(failure.error)"
        return NotificationEvent(
            .bakeFailed, image: failure.image, version: failure.version.description, region: region, commit: commit,
            time: time, text: text, step: failure.step, exitCode: failure.exitCode, attempt: failure.attempt)
    }

    private static func subject(_ action: Action) -> String {
        [action.image, action.version?.description].compactMap { $0 }.joined(separator: " ")
    }

    /// The rollout target an action points at the new image, and that image.
    private static func rolloutTarget(_ kind: ActionKind) -> (name: String, imageId: String?)? {
        switch kind {
        case .createLaunchTemplateVersion(let create): ("launch template \(create.templateName)", create.imageId)
        case .setDefaultLaunchTemplateVersion(_, let name, _): ("launch template \(name)", nil)
        case .replaceLaunchConfiguration(let replace):
            ("Auto Scaling group \(replace.autoScalingGroup)", replace.imageId)
        case .putParameter(let name, let value): ("SSM parameter \(name)", value)
        default: nil
        }
    }
}

/// One image version's rollout in one region.
private struct RolloutKey: Hashable, Comparable {
    var image: String
    var version: String?
    var region: String

    static func < (lhs: RolloutKey, rhs: RolloutKey) -> Bool {
        (lhs.image, lhs.version ?? "", lhs.region) < (rhs.image, rhs.version ?? "", rhs.region)
    }
}
