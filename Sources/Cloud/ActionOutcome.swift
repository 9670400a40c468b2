import Planner

// MARK: - Outcome of one action

/// What carrying out one `Action` did, with the ids of what it created.
public struct ActionOutcome: Sendable, Equatable, CustomStringConvertible {
    /// How the action ended.
    public enum Status: Sendable, Equatable {
        /// The change was made.
        case done
        /// Nothing needed changing: the world already was as the action asks (a retry, a resource gone).
        case alreadyDone
        /// A destructive action was not carried out because its safety could not be verified; the reason says why.
        case refused(String)
        /// The action needs no AWS call (`wait`, `reportDrift`, `recordBakeFailure`).
        case informational
    }

    public var status: Status
    /// The builder instance launched (`launchBuilder`).
    public var instanceId: String?
    /// The image created or copied (`createImage`, `copyImage`).
    public var imageId: String?
    /// The SSM command sent (`sendStepCommand`).
    public var commandId: String?
    /// The launch template version created (`createLaunchTemplateVersion`).
    public var launchTemplateVersion: Int?
    /// The launch configuration the group now uses (`replaceLaunchConfiguration`).
    public var launchConfigurationName: String?
    /// The instance refresh started (`startInstanceRefresh`).
    public var instanceRefreshId: String?
    /// Details for people: what was found or skipped.
    public var detail: String?

    /// Creates an outcome.
    public init(
        _ status: Status, instanceId: String? = nil, imageId: String? = nil, commandId: String? = nil,
        launchTemplateVersion: Int? = nil, launchConfigurationName: String? = nil, instanceRefreshId: String? = nil,
        detail: String? = nil
    ) {
        self.status = status
        self.instanceId = instanceId
        self.imageId = imageId
        self.commandId = commandId
        self.launchTemplateVersion = launchTemplateVersion
        self.launchConfigurationName = launchConfigurationName
        self.instanceRefreshId = instanceRefreshId
        self.detail = detail
    }

    /// The action was refused (fail-closed): nothing was deleted.
    public var isRefused: Bool {
        if case .refused = status { return true }
        return false
    }

    public var description: String {
        var parts: [String] = []
        switch status {
        case .done: parts.append("done")
        case .alreadyDone: parts.append("already done")
        case .refused(let reason): parts.append("refused: \(reason)")
        case .informational: parts.append("nothing to call")
        }
        if let instanceId { parts.append("instance \(instanceId)") }
        if let imageId { parts.append("image \(imageId)") }
        if let commandId { parts.append("command \(commandId)") }
        if let launchTemplateVersion { parts.append("launch template version \(launchTemplateVersion)") }
        if let launchConfigurationName { parts.append("launch configuration \(launchConfigurationName)") }
        if let instanceRefreshId { parts.append("instance refresh \(instanceRefreshId)") }
        if let detail { parts.append(detail) }
        return parts.joined(separator: ", ")
    }

    static let informational = ActionOutcome(.informational)
}
