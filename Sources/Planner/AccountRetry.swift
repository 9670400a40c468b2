import Foundation

// MARK: - Failed actions in other accounts: backoff and giving up

/// The retry gate of another account's actions: the one a bake has (`PlannerConfiguration.backoff`,
/// `build.maxAttempts`), over the failed attempts recorded for that account.
///
/// Pure. An image whose actions in the account failed `attempts` times (for its desired version and recipe) has no
/// action there until `lastFailureAt + backoff(attempts)`; after `maxAttempts` failures none until the manifest
/// changes (a new version or recipe starts afresh). Its actions are replaced by one wait saying which.
public enum AccountRetry {
    /// Why an image's actions in an account are held back.
    public struct Hold: Sendable, Equatable {
        public var image: String
        /// True after `maxAttempts`: a person must act (fix the role, the key grant) and change the manifest.
        public var stalled: Bool
        /// What people read, starting `account <id>:`.
        public var message: String
        /// When the next attempt is allowed (nil when stalled).
        public var retryAt: Date?
    }

    /// `actions` of `account` with those of held-back images replaced by a wait, and the holds.
    ///
    /// - Parameter failures: the failed attempts recorded for `account`, any version (others are ignored).
    public static func gate(
        _ actions: [Action], account: String, failures: [BakeFailureRecord], desired: DesiredState,
        configuration: PlannerConfiguration, now: Date
    ) -> (actions: [Action], holds: [Hold]) {
        var holds: [Hold] = []
        for image in desired.images.sorted(by: { $0.name < $1.name }) {
            guard
                let record = failures.first(where: {
                    $0.image == image.name && $0.version == image.version && $0.recipe == image.recipe
                }), record.attempts > 0
            else { continue }
            let key = "\(image.name) \(image.version)"
            let maxAttempts = image.build.maxAttempts
            if record.attempts >= maxAttempts {
                holds.append(
                    Hold(
                        image: image.name, stalled: true,
                        message: "account \(account): \(key) failed \(record.attempts) of \(maxAttempts) attempts "
                            + "(last: \(record.lastError)); change the manifest to retry",
                        retryAt: nil))
                continue
            }
            let retryAt = record.lastFailureAt.addingTimeInterval(configuration.backoff(afterFailures: record.attempts))
            guard now < retryAt else { continue }
            holds.append(
                Hold(
                    image: image.name, stalled: false,
                    message: "account \(account): backing off after attempt \(record.attempts) of \(key) failed "
                        + "(\(record.lastError)); next attempt at \(KilnNames.timestamp(retryAt))",
                    retryAt: retryAt))
        }
        // Only an image with something to do there is held back: a record of a copy that later succeeded holds
        // nothing.
        let busy = Set(actions.filter { !$0.kind.isInformational }.compactMap(\.image))
        holds.removeAll { !busy.contains($0.image) }
        guard !holds.isEmpty else { return (actions, []) }
        var gated: [Action] = []
        var waited: Set<String> = []
        for action in actions {
            guard let hold = holds.first(where: { $0.image == action.image }) else {
                gated.append(action)
                continue
            }
            if action.kind.isInformational && !action.kind.isWait { gated.append(action) }
            guard !waited.contains(hold.image) else { continue }
            waited.insert(hold.image)
            gated.append(
                Action(
                    .wait(for: hold.message, until: hold.retryAt), reason: hold.message, image: hold.image,
                    version: action.version, region: action.region))
        }
        return (gated, holds)
    }
}

extension ActionKind {
    /// A wait.
    var isWait: Bool {
        if case .wait = self { return true }
        return false
    }
}
