import Planner

// MARK: - Short names of actions

extension ActionKind {
    /// The kind's name, e.g. `launchBuilder`: short and stable, for logs and metric labels.
    public var name: String {
        switch self {
        case .launchBuilder: "launchBuilder"
        case .sendStepCommand: "sendStepCommand"
        case .stopBuilder: "stopBuilder"
        case .createImage: "createImage"
        case .tagSnapshots: "tagSnapshots"
        case .tagImage: "tagImage"
        case .copyImage: "copyImage"
        case .shareImage: "shareImage"
        case .untagImage: "untagImage"
        case .unshareImage: "unshareImage"
        case .terminateBuilder: "terminateBuilder"
        case .keepFailedBuilder: "keepFailedBuilder"
        case .recordBakeFailure: "recordBakeFailure"
        case .createLaunchTemplateVersion: "createLaunchTemplateVersion"
        case .setDefaultLaunchTemplateVersion: "setDefaultLaunchTemplateVersion"
        case .startInstanceRefresh: "startInstanceRefresh"
        case .replaceLaunchConfiguration: "replaceLaunchConfiguration"
        case .deleteLaunchConfiguration: "deleteLaunchConfiguration"
        case .putParameter: "putParameter"
        case .deprecateImage: "deprecateImage"
        case .disableImage: "disableImage"
        case .enableImage: "enableImage"
        case .setDeregistrationProtection: "setDeregistrationProtection"
        case .deregisterImage: "deregisterImage"
        case .deleteSnapshot: "deleteSnapshot"
        case .deleteLaunchTemplateVersions: "deleteLaunchTemplateVersions"
        case .sweepBuilder: "sweepBuilder"
        case .sweepSnapshot: "sweepSnapshot"
        case .reportDrift: "reportDrift"
        case .wait: "wait"
        }
    }
}
