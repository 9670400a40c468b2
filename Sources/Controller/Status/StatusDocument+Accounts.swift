import Foundation
import Planner

// MARK: - Other accounts in status/<image>.yaml

/// One of Kiln's copies of the image in another account (`spec.distribute.copyTo`).
public struct StatusAccountCopy: Sendable, Equatable, Codable {
    public var account: String
    public var region: String
    public var version: String
    public var ami: String
    public var state: String
}

/// Failed attempts of the desired version's actions in another account (a copy, a rollout there): the shape
/// `AccountStatusFailures` reads back, so the backoff and the limit of attempts outlive a restart.
public struct StatusAccountFailure: Sendable, Equatable, Codable {
    public var account: String
    public var version: String
    public var recipe: String
    public var attempts: Int
    public var lastFailureAt: String
    public var lastError: String
    /// The action that failed last (`copyImage`, `createLaunchTemplateVersion`, …).
    public var lastAction: String?
}

extension StatusAccountFailure {
    /// The planner's record of this entry for `image`; nil when its version or time does not parse.
    func record(image: String) -> BakeFailureRecord? {
        guard let version = Planner.SemanticVersion(version), let at = StatusTime.date(lastFailureAt), attempts > 0
        else { return nil }
        return BakeFailureRecord(
            image: image, version: version, recipe: recipe, attempts: attempts, lastError: lastError,
            lastStep: lastAction, lastFailureAt: at)
    }

    /// The entry of `record` in `account`.
    init(account: String, record: BakeFailureRecord) {
        self.init(
            account: account, version: record.version.description, recipe: record.recipe, attempts: record.attempts,
            lastFailureAt: StatusTime.text(record.lastFailureAt), lastError: record.lastError,
            lastAction: record.lastStep)
    }
}
