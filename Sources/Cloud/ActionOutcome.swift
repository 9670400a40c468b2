import AWS
import Foundation
import Planner

// MARK: - What became of one action

/// One planned action and what became of it: the one record of an action from the executor to the cycle's report,
/// its log line, its metrics and the status files.
///
/// The executor makes it (`done`, `alreadyDone`, `refused`); the cycle makes the others (`failed` from the
/// executor's error, `skipped`, `informational`, `recorded`) and adds how long the action took.
public struct ActionOutcome: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// How the action ended.
    public enum Status: Sendable, Equatable, Encodable {
        /// The change was made.
        case done
        /// Nothing needed changing: the world already was as the action asks (a retry, a resource gone).
        case alreadyDone
        /// A destructive action was not carried out because its safety could not be verified; the reason says why.
        /// The image's remaining actions are skipped.
        case refused(String)
        /// The executor failed (classified by `kind`); the image's remaining actions are skipped.
        case failed(ActionErrorKind, message: String)
        /// Not attempted, and why (an earlier failure of the same image, cancellation, a lost lease).
        case skipped(String)
        /// A wait or a drift report: nothing to do in AWS.
        case informational
        /// A failed bake attempt, recorded in the report (the status files persist it).
        case recorded

        /// `done`, `already_done`, `refused`, `failed`, `skipped`, `informational` or `recorded`: short and
        /// stable, for logs and metric labels.
        public var name: String {
            switch self {
            case .done: "done"
            case .alreadyDone: "already_done"
            case .refused: "refused"
            case .failed: "failed"
            case .skipped: "skipped"
            case .informational: "informational"
            case .recorded: "recorded"
            }
        }
    }

    /// The planned action.
    public var action: Action
    /// How it ended.
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
    /// Seconds the call took, by the cycle's clock (nil when no call was made).
    public var duration: TimeInterval?

    /// Creates an outcome (the executor's outcomes also name what the call made).
    public init(_ action: Action, _ status: Status, detail: String? = nil, duration: TimeInterval? = nil) {
        self.action = action
        self.status = status
        self.detail = detail
        self.duration = duration
    }

    // MARK: - Summary

    /// True when the action was carried out (or found already done).
    public var succeeded: Bool {
        switch status {
        case .done, .alreadyDone: true
        default: false
        }
    }

    /// True when the action changed something in AWS.
    public var changed: Bool { status == .done }

    /// True when the executor failed or refused: the image's remaining actions did not run.
    public var failed: Bool {
        switch status {
        case .failed, .refused: true
        default: false
        }
    }

    /// The action was refused (fail-closed): nothing was deleted.
    public var isRefused: Bool {
        if case .refused = status { return true }
        return false
    }

    /// What was made or found, for people: `instance i-1, command c-1` (nil when nothing).
    public var made: String? {
        var parts: [String] = []
        if let instanceId { parts.append("instance \(instanceId)") }
        if let imageId { parts.append("image \(imageId)") }
        if let commandId { parts.append("command \(commandId)") }
        if let launchTemplateVersion { parts.append("launch template version \(launchTemplateVersion)") }
        if let launchConfigurationName { parts.append("launch configuration \(launchConfigurationName)") }
        if let instanceRefreshId { parts.append("instance refresh \(instanceRefreshId)") }
        if let detail { parts.append(detail) }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `done, instance i-1, command c-1`, `refused: …`, `failed: aws_throttled: …`.
    public var description: String {
        let head: String =
            switch status {
            case .done: "done"
            case .alreadyDone: "already done"
            case .refused(let reason): "refused: \(reason)"
            case .failed(let kind, let message): "failed: \(kind.rawValue): \(message)"
            case .skipped(let reason): "skipped: \(reason)"
            case .informational: "nothing to call"
            case .recorded: "recorded"
            }
        return [head, made].compactMap { $0 }.joined(separator: ", ")
    }
}

// MARK: - What an executor step did

extension ActionOutcome {
    /// What one of the executor's steps did, before `Executor.execute` attributes it to its action.
    struct Effect: Sendable {
        typealias Status = ActionOutcome.Status

        var status: Status
        var instanceId: String?
        var imageId: String?
        var commandId: String?
        var launchTemplateVersion: Int?
        var launchConfigurationName: String?
        var instanceRefreshId: String?
        var detail: String?

        init(
            _ status: Status, instanceId: String? = nil, imageId: String? = nil, commandId: String? = nil,
            launchTemplateVersion: Int? = nil, launchConfigurationName: String? = nil,
            instanceRefreshId: String? = nil, detail: String? = nil
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

        static let informational = Effect(.informational)
    }

    /// The outcome of `action` whose step did `effect`.
    init(_ action: Action, _ effect: Effect) {
        self.init(action, effect.status, detail: effect.detail)
        instanceId = effect.instanceId
        imageId = effect.imageId
        commandId = effect.commandId
        launchTemplateVersion = effect.launchTemplateVersion
        launchConfigurationName = effect.launchConfigurationName
        instanceRefreshId = effect.instanceRefreshId
    }
}

// MARK: - Classifying executor errors

/// How an action's error is classified.
public enum ActionErrorKind: String, Sendable, Equatable, Encodable {
    case throttled, unreachable, accessDenied, aws, other

    /// The kind of an executor's error: AWS errors by their classification, anything else `other`.
    public init(_ error: any Error) {
        let aws = (error as? AWSError) ?? (error as? CloudError)?.awsError
        guard let error = aws else {
            self = .other
            return
        }
        if error.isThrottling {
            self = .throttled
        } else if error.isTransportFailure {
            self = .unreachable
        } else if error.isAccessDenied || error.isAuthenticationFailure {
            self = .accessDenied
        } else {
            self = .aws
        }
    }
}
