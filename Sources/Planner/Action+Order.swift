// MARK: - Deterministic action order

/// Sorts actions: images in dependency order (unknown images last, by name), then region, then a
/// fixed order of kinds, then the resource they touch. Identical actions (the same wait reached
/// from two targets) appear once.
enum ActionOrder {
    static func sort(_ actions: [Action], images: [String]) -> [Action] {
        var position: [String: Int] = [:]
        for (index, name) in images.enumerated() where position[name] == nil { position[name] = index }
        func key(_ action: Action) -> (Int, String, String, Int, String, String) {
            let image = action.image ?? ""
            return (
                position[image] ?? images.count, image, action.region, action.kind.rank,
                action.kind.resource, action.reason
            )
        }
        var sorted: [Action] = []
        for action in actions.sorted(by: { key($0) < key($1) }) where sorted.last != action {
            sorted.append(action)
        }
        return sorted
    }
}

extension ActionKind {
    /// The fixed order of kinds within one image and region.
    var rank: Int {
        switch self {
        case .recordBakeFailure: 0
        case .keepFailedBuilder: 1
        case .terminateBuilder: 2
        case .launchBuilder: 3
        case .sendStepCommand: 4
        case .stopBuilder: 5
        case .createImage: 6
        case .tagSnapshots: 7
        case .untagImage: 8
        case .tagImage: 9
        case .copyImage: 10
        case .shareImage: 11
        case .unshareImage: 12
        case .createLaunchTemplateVersion: 13
        case .setDefaultLaunchTemplateVersion: 14
        case .startInstanceRefresh: 15
        case .replaceLaunchConfiguration: 16
        case .putParameter: 17
        case .deprecateImage: 18
        case .deleteLaunchTemplateVersions: 19
        case .deleteLaunchConfiguration: 20
        case .deregisterImage: 21
        case .deleteSnapshot: 22
        case .sweepBuilder: 23
        case .sweepSnapshot: 24
        case .reportDrift: 25
        case .wait: 26
        }
    }

    /// The resource an action touches, to order actions of one kind.
    var resource: String {
        switch self {
        case .launchBuilder(let launch): launch.clientToken.value
        case .sendStepCommand(let command): command.instanceId + "/" + command.step
        case .stopBuilder(let id, _), .terminateBuilder(let id, _), .keepFailedBuilder(let id, _),
            .sweepBuilder(let id):
            id
        case .createImage(let create): create.name
        case .tagSnapshots(let ids, _): ids.joined(separator: ",")
        case .copyImage(let copy): copy.sourceImageId
        case .shareImage(let id, _, _), .tagImage(let id, _, _), .deprecateImage(let id, _),
            .untagImage(let id, _, _), .unshareImage(let id, _, _),
            .deregisterImage(let id, _), .reportDrift(let id, _, _):
            id
        case .recordBakeFailure(let failure): "\(failure.attempt)"
        case .createLaunchTemplateVersion(let create): create.templateId
        case .setDefaultLaunchTemplateVersion(let id, _, _), .deleteLaunchTemplateVersions(let id, _, _): id
        case .startInstanceRefresh(let refresh): refresh.autoScalingGroup
        case .replaceLaunchConfiguration(let replace): replace.autoScalingGroup
        case .deleteLaunchConfiguration(let name), .putParameter(let name, _): name
        case .deleteSnapshot(let id), .sweepSnapshot(let id): id
        case .wait(let what, _): what
        }
    }
}
