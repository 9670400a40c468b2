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
        case .enableImage: 8
        case .setDeregistrationProtection: 9
        case .untagImage: 10
        case .tagImage: 11
        case .copyImage: 12
        case .shareImage: 13
        case .unshareImage: 14
        case .createLaunchTemplateVersion: 15
        case .setDefaultLaunchTemplateVersion: 16
        case .startInstanceRefresh: 17
        case .replaceLaunchConfiguration: 18
        case .putParameter: 19
        case .deprecateImage: 20
        case .disableImage: 21
        case .deleteLaunchTemplateVersions: 22
        case .deleteLaunchConfiguration: 23
        case .deregisterImage: 24
        case .deleteSnapshot: 25
        case .sweepBuilder: 26
        case .sweepSnapshot: 27
        case .reportDrift: 28
        case .wait: 29
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
        case .shareImage(let id, _, _), .tagImage(let id, _, _), .deprecateImage(let id, _), .disableImage(let id),
            .enableImage(let id), .setDeregistrationProtection(let id, _),
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
