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

    private enum Code: String, Sendable, Equatable {
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

        var category: Category {
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
    }

    private let code: Code
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
        _ code: Code, _ message: String, image: String? = nil, region: String? = nil, retryAfter: Date? = nil,
        location: SourceLocation? = nil
    ) {
        self.code = code
        self.message = message
        self.image = image
        self.region = region
        self.retryAfter = retryAfter
        self.location = location
    }

    /// Stalled, waiting or transient.
    public var category: Category { code.category }

    /// A short, stable name for metric labels, e.g. `bake_stalled`.
    public var reason: String { code.rawValue }

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
        let code: Code =
            switch error.reason {
            case Code.sourceFetchFailed.rawValue: .sourceFetchFailed
            case Code.manifestPathMissing.rawValue: .manifestPathMissing
            case Code.sourceUnverified.rawValue: .sourceUnverified
            default: .sourceUnreadable
            }
        return CycleIssue(code, error.description)
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
        let code: Code =
            switch kind {
            case .throttled: .awsThrottled
            case .unreachable: .awsUnreachable
            case .accessDenied: .awsAccessDenied
            case .aws: .awsError
            case .other: .actionFailed
            }
        return CycleIssue(code, "\(summary) failed: \(detail)", image: image, region: region)
    }
}

/// How an action's error is classified.
public enum ActionErrorKind: String, Sendable, Equatable, Encodable {
    case throttled, unreachable, accessDenied, aws, other
}
