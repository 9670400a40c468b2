import Foundation

// MARK: - Human summaries of actions

extension Action {
    /// `+` creates, `~` changes, `-` deletes, `!` records or reports, `=` waits.
    public var symbol: String {
        switch kind {
        case .launchBuilder, .createImage, .copyImage, .createLaunchTemplateVersion, .replaceLaunchConfiguration: "+"
        case .sendStepCommand, .stopBuilder, .tagSnapshots, .tagImage, .shareImage, .setDefaultLaunchTemplateVersion,
            .startInstanceRefresh, .putParameter, .deprecateImage, .untagImage, .unshareImage, .disableImage,
            .enableImage, .setDeregistrationProtection:
            "~"
        case .terminateBuilder, .keepFailedBuilder, .deregisterImage, .deleteSnapshot, .deleteLaunchTemplateVersions,
            .deleteLaunchConfiguration, .sweepBuilder, .sweepSnapshot:
            "-"
        case .recordBakeFailure, .reportDrift: "!"
        case .wait: "="
        }
    }

    /// What the action does, in a few words (without the reason).
    public var summary: String {
        let subject = [image, version?.description].compactMap { $0 }.joined(separator: " ")
        let of = subject.isEmpty ? "" : " of \(subject)"
        let inRegion = " in \(region)"
        switch kind {
        case .launchBuilder: return "bake \(subject)\(inRegion)"
        case .sendStepCommand(let command):
            return "run step \(command.step)\(of) on \(command.instanceId)\(inRegion)"
        case .stopBuilder(let id, _): return "stop builder \(id)\(of)\(inRegion)"
        case .createImage(let create): return "create image \(create.name) from \(create.instanceId)\(inRegion)"
        case .tagSnapshots(let ids, _): return "tag snapshot(s) \(ids.joined(separator: ", "))\(of)\(inRegion)"
        case .tagImage(let id, _, let tags):
            return "tag \(id) and its snapshots with \(tags.keys.sorted().joined(separator: ", "))\(of)\(inRegion)"
        case .untagImage(let id, _, let keys):
            return "remove tag(s) \(keys.joined(separator: ", ")) from \(id) and its snapshots\(of)\(inRegion)"
        case .unshareImage(let id, _, let accounts):
            return "revoke \(accounts.joined(separator: ", ")) from \(id)\(of)\(inRegion)"
        case .copyImage(let copy):
            return "copy \(subject) (\(copy.sourceImageId)) from \(copy.sourceRegion) to \(region)"
        case .shareImage(let id, _, let accounts):
            return "share \(id)\(of) with \(accounts.joined(separator: ", "))\(inRegion)"
        case .terminateBuilder(let id, _): return "terminate builder \(id)\(of)\(inRegion)"
        case .keepFailedBuilder(let id, _): return "stop and keep failed builder \(id)\(of)\(inRegion)"
        case .recordBakeFailure(let failure): return "record failed attempt \(failure.attempt)\(of)"
        case .createLaunchTemplateVersion(let create):
            return "create a version of launch template \(create.templateName) with \(create.imageId)\(of)\(inRegion)"
        case .setDefaultLaunchTemplateVersion(_, let name, let number):
            return "make version \(number) the default of launch template \(name)\(inRegion)"
        case .startInstanceRefresh(let refresh):
            return "start an instance refresh of \(refresh.autoScalingGroup)\(inRegion)"
        case .replaceLaunchConfiguration(let replace):
            return "replace launch configuration \(replace.currentName) of \(replace.autoScalingGroup) "
                + "with \(replace.newName)\(inRegion)"
        case .deleteLaunchConfiguration(let name): return "delete launch configuration \(name)\(inRegion)"
        case .putParameter(let name, let value): return "put \(name) = \(value)\(inRegion)"
        case .deprecateImage(let id, let at?):
            return "deprecate \(id)\(of) at \(KilnNames.timestamp(at))\(inRegion)"
        case .deprecateImage(let id, nil): return "cancel the deprecation of \(id)\(of)\(inRegion)"
        case .disableImage(let id): return "disable \(id)\(of)\(inRegion)"
        case .enableImage(let id): return "re-enable \(id)\(of)\(inRegion)"
        case .setDeregistrationProtection(let id, true):
            return "protect \(id)\(of) from deregistration\(inRegion)"
        case .setDeregistrationProtection(let id, false):
            return "remove the deregistration protection of \(id)\(of)\(inRegion)"
        case .deregisterImage(let id, _): return "deregister \(id)\(of)\(inRegion)"
        case .deleteSnapshot(let id): return "delete snapshot \(id)\(of)\(inRegion)"
        case .deleteLaunchTemplateVersions(_, let name, let numbers):
            let list = numbers.map(String.init).joined(separator: ", ")
            return "delete version(s) \(list) of launch template \(name)\(inRegion)"
        case .sweepBuilder(let id): return "terminate orphan builder \(id)\(of)\(inRegion)"
        case .sweepSnapshot(let id): return "delete orphan snapshot \(id)\(of)\(inRegion)"
        case .reportDrift: return "drift\(of)\(inRegion)"
        case .wait: return "wait on \(subject.isEmpty ? "Kiln" : subject)\(inRegion)"
        }
    }
}
