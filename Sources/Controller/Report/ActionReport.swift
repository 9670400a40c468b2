import AWS
import Cloud
import Foundation
import Planner

// MARK: - What happened to each action

/// One planned action and what the cycle did with it.
public struct ActionReport: Sendable, Equatable, Encodable {
    /// What happened.
    public enum Result: Sendable, Equatable, Encodable {
        /// The executor carried it out, with what it created.
        case done(detail: String?)
        /// The world already was as the action asks.
        case alreadyDone(detail: String?)
        /// The executor refused a destructive action it could not verify safe; the image's remaining actions
        /// were skipped.
        case refused(because: String)
        /// The executor failed; the image's remaining actions were skipped.
        case failed(reason: String, message: String)
        /// Not attempted, and why (an earlier failure of the same image, cancellation, plan-only mode).
        case skipped(because: String)
        /// A wait or a drift report: nothing to do in AWS.
        case informational
        /// A failed bake attempt, recorded in the report (the status writer persists it).
        case recorded
    }

    /// The planned action.
    public var action: Action
    /// What happened.
    public var result: Result

    /// Creates an outcome.
    public init(action: Action, result: Result) {
        self.action = action
        self.result = result
    }

    /// True when the action was carried out (or found already done).
    public var succeeded: Bool {
        switch result {
        case .done, .alreadyDone: true
        default: false
        }
    }

    /// True when the action changed something in AWS.
    public var changed: Bool {
        if case .done = result { return true }
        return false
    }

    /// True when the executor failed or refused: the image's remaining actions did not run.
    public var failed: Bool {
        switch result {
        case .failed, .refused: true
        default: false
        }
    }
}

// MARK: - Classifying executor errors

extension ActionErrorKind {
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
