import Cloud
import Foundation
import Manifest

// MARK: - Classified cycle problems

/// A problem found in a cycle, classified as Flux classifies reconcile errors.
///
/// `stalled` needs a person (an invalid manifest, a recipe that failed `maxAttempts` times, a missing rollout
/// target, access denied); `waiting` heals by itself after a known time (`retryAfter`); `transient` may heal on
/// the next cycle (throttling, a network error, a region that could not be observed). `reason` is short and
/// stable, fit for a metric label.
public struct CycleIssue: Error, Sendable, Equatable, Encodable, CustomStringConvertible {
    /// How the problem heals.
    public enum Category: String, Sendable, Equatable, Encodable {
        case stalled, waiting, transient
    }

    /// Why: short and stable, fit for a metric label and the status files' `lastError.reason`.
    public let reason: Reason
    /// The image concerned, if one.
    public let image: String?
    /// The region concerned, if one.
    public let region: String?
    /// What happened, for people (never a secret).
    public let message: String
    /// When a waiting problem is retried.
    public let retryAfter: Date?
    /// Where in the manifests, when known.
    public let location: SourceLocation?

    private init(
        _ reason: Reason, _ message: String, image: String? = nil, region: String? = nil, retryAfter: Date? = nil,
        location: SourceLocation? = nil
    ) {
        self.reason = reason
        self.message = message
        self.image = image
        self.region = region
        self.retryAfter = retryAfter
        self.location = location
    }

    /// Stalled, waiting or transient.
    public var category: Category { reason.category }

    /// `stalled bake_stalled web: …`.
    public var description: String {
        var text = "\(category.rawValue) \(reason)"
        if let image { text += " \(image)" }
        if let region { text += " (\(region))" }
        return text + ": " + message
    }

    // MARK: - Encoding

    private enum CodingKeys: String, CodingKey {
        case category, reason, image, region, message, retryAfter, location
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(category, forKey: .category)
        try container.encode(reason, forKey: .reason)
        try container.encodeIfPresent(image, forKey: .image)
        try container.encodeIfPresent(region, forKey: .region)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(retryAfter, forKey: .retryAfter)
        try container.encodeIfPresent(location, forKey: .location)
    }
}

// MARK: - Constructors

extension CycleIssue {
    static func invalidManifest(_ image: String?, _ message: String, at location: SourceLocation?) -> CycleIssue {
        CycleIssue(.invalidManifest, message, image: image, location: location)
    }

    static func source(_ error: SourceError) -> CycleIssue {
        CycleIssue(error.issueReason, error.description)
    }

    static func observeFailed(_ message: String) -> CycleIssue { CycleIssue(.observeFailed, message) }

    static func observeFailed(_ failure: ObservationFailure) -> CycleIssue {
        if failure.wholeRegion {
            return CycleIssue(
                .regionUnobserved,
                "region \(failure.region) could not be observed (\(failure.message)): nothing is deleted there",
                region: failure.region)
        }
        return CycleIssue(.observeFailed, failure.message, region: failure.region)
    }

    static func bakeStalled(_ image: String, _ message: String, at location: SourceLocation?) -> CycleIssue {
        CycleIssue(.bakeStalled, message, image: image, location: location)
    }

    static func bakeAttemptFailed(_ image: String, _ message: String, at location: SourceLocation?) -> CycleIssue {
        CycleIssue(.bakeAttemptFailed, message, image: image, location: location)
    }

    static func bakeBackingOff(_ image: String, _ message: String, until: Date?) -> CycleIssue {
        CycleIssue(.bakeBackingOff, message, image: image, retryAfter: until)
    }

    static func targetMissing(_ image: String, region: String, _ message: String) -> CycleIssue {
        CycleIssue(.targetMissing, message, image: image, region: region)
    }

    static func sourceMissing(_ image: String, region: String, _ message: String) -> CycleIssue {
        CycleIssue(.sourceMissing, message, image: image, region: region)
    }

    /// A failed action, classified from the error's kind.
    static func actionFailed(
        image: String?, region: String, summary: String, kind: ActionErrorKind, detail: String
    ) -> CycleIssue {
        CycleIssue(Reason(kind), "\(summary) failed: \(detail)", image: image, region: region)
    }
}

// MARK: - Reasons

extension CycleIssue {
    /// Why a cycle has a problem; the raw value is the text of metrics, logs and the status files.
    public enum Reason: String, Sendable, Equatable, Encodable, CaseIterable, CustomStringConvertible {
        case invalidManifest = "invalid_manifest"
        case sourceUnreadable = "source_unreadable"
        case sourceFetchFailed = "source_fetch_failed"
        case manifestPathMissing = "manifest_path_missing"
        case sourceUnverified = "source_unverified"
        case observeFailed = "observe_failed"
        case regionUnobserved = "region_unobserved"
        case bakeStalled = "bake_stalled"
        case bakeAttemptFailed = "bake_attempt_failed"
        case bakeBackingOff = "bake_backing_off"
        case targetMissing = "rollout_target_missing"
        case sourceMissing = "source_image_missing"
        case awsThrottled = "aws_throttled"
        case awsUnreachable = "aws_unreachable"
        case awsAccessDenied = "aws_access_denied"
        case awsError = "aws_error"
        case actionFailed = "action_failed"

        /// How a problem of this reason heals.
        public var category: Category {
            switch self {
            case .invalidManifest, .sourceUnreadable, .manifestPathMissing, .sourceUnverified, .bakeStalled,
                .targetMissing, .sourceMissing, .awsAccessDenied:
                .stalled
            case .bakeAttemptFailed, .bakeBackingOff:
                .waiting
            case .sourceFetchFailed, .observeFailed, .regionUnobserved, .awsThrottled, .awsUnreachable, .awsError,
                .actionFailed:
                .transient
            }
        }

        /// The reason of a failed action, from its error's kind.
        public init(_ kind: ActionErrorKind) {
            self =
                switch kind {
                case .throttled: .awsThrottled
                case .unreachable: .awsUnreachable
                case .accessDenied: .awsAccessDenied
                case .aws: .awsError
                case .other: .actionFailed
                }
        }

        /// The repository could not be read: its path, a revision or the remote (not a refused signature).
        public var isRepositoryUnreadable: Bool {
            [.sourceUnreadable, .sourceFetchFailed, .manifestPathMissing].contains(self)
        }

        /// The manifests, the source or AWS could not be read: a plan made anyway cannot be trusted.
        public var isReadingProblem: Bool {
            isRepositoryUnreadable
                || [.invalidManifest, .observeFailed, .regionUnobserved, .sourceUnverified]
                    .contains(self)
        }

        /// Something a manifest names is missing in AWS (listed on its own in plans).
        public var isMissingResource: Bool { self == .targetMissing || self == .sourceMissing }

        /// The raw value, e.g. `bake_stalled`.
        public var description: String { rawValue }
    }
}
