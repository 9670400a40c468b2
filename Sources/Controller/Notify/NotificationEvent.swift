import Foundation
import Redaction

// MARK: - One notification

/// Something that happened once, told to the configured webhooks and SNS topics.
///
/// Events are derived from what a cycle did (its outcomes and issues), never from state, so a steady world sends
/// nothing; `key` identifies the occurrence so that a repeat within the notifier's memory is sent once.
public struct NotificationEvent: Sendable, Equatable, Codable {
    /// What happened; the names are the values of `notify.*.events`.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// A builder was launched for a version (an attempt began).
        case bakeStarted = "bake.started"
        /// A bake finished: its AMIs are available and its builder is gone.
        case bakeSucceeded = "bake.succeeded"
        /// A bake attempt failed, with the step and exit code when a step failed.
        case bakeFailed = "bake.failed"
        /// A rollout target (launch template, launch configuration, SSM parameter) now points at the version.
        case rolloutDone = "rollout.done"
        /// An old version's AMI was deregistered in a region.
        case versionPruned = "version.pruned"
        /// An image needs a person (a recipe that failed `maxAttempts` times, a missing rollout target, …).
        case imageStalled = "image.stalled"
        /// The daemon's source gate refused a manifest commit (signature, or a rewritten history).
        case sourceRefused = "source.refused"
        /// A branch with manifest updates was pushed for review.
        case updatePushed = "update.pushed"
        /// An update branch holds commits not made by Kiln: Kiln leaves it (once per tip).
        case updateLeft = "update.left"
    }

    public var event: Kind
    public var image: String?
    public var version: String?
    public var region: String?
    public var amiId: String?
    /// The manifest commit concerned.
    public var commit: String?
    /// When it happened (the end of the cycle that did it).
    public var time: Date
    /// One line for people; also what a Slack incoming webhook shows.
    public var text: String
    /// The failed step of a failed bake.
    public var step: String?
    /// The failed step's exit code.
    public var exitCode: Int?
    /// The bake attempt.
    public var attempt: Int?
    /// A short, stable reason (a refusal's or an issue's).
    public var reason: String?
    /// The branch of `update.pushed` and `update.left`.
    public var branch: String?

    /// Creates an event; `text` is redacted.
    public init(
        _ event: Kind, image: String? = nil, version: String? = nil, region: String? = nil, amiId: String? = nil,
        commit: String? = nil, time: Date, text: String, step: String? = nil, exitCode: Int? = nil,
        attempt: Int? = nil, reason: String? = nil, branch: String? = nil
    ) {
        self.event = event
        self.image = image
        self.version = version
        self.region = region
        self.amiId = amiId
        self.commit = commit
        self.time = time
        self.text = Redaction.redact(text)
        self.step = step
        self.exitCode = exitCode
        self.attempt = attempt
        self.reason = reason
        self.branch = branch
    }

    /// The occurrence: an event of the same key is sent once while the notifier remembers it. A rollout is one
    /// per version and region (its steps may span cycles: a launch template's new default follows its version).
    public var key: String {
        [
            event.rawValue, image ?? "", version ?? "", region ?? "", commit ?? "", attempt.map(String.init) ?? "",
            event == .rolloutDone ? "" : amiId ?? "", reason ?? "", branch ?? "",
        ].joined(separator: "|")
    }

    /// The JSON body sent to webhooks and published to SNS: sorted keys, ISO 8601 time, absent fields left out.
    public func body() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Redaction.redactJSON(try encoder.encode(self))
    }

    /// An update branch pushed for review (`kiln/update/<image>`, one commit bumping `spec.version`).
    public static func updatePushed(
        branch: String, image: String?, version: String?, commit: String?, time: Date
    ) -> NotificationEvent {
        var text = "Kiln pushed branch \(branch)"
        if let image, let version { text += " updating \(image) to \(version)" }
        return NotificationEvent(
            .updatePushed, image: image, version: version, commit: commit, time: time, text: text, branch: branch)
    }
}
