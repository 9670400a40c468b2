import Foundation

// MARK: - A proposed version bump

/// A version bump proposed because an image's source moved: the daemon pushes it as a branch for review.
public struct SourceUpdate: Sendable, Equatable, Codable {
    /// What moved.
    public enum Cause: Sendable, Equatable, Codable {
        /// `source.filter` now resolves to a newer AMI than the one the desired version was baked from.
        case ami(from: String, to: String)
        /// `source.image`'s desired version is newer (and ready) than the one the desired version was built on;
        /// `from` is that version, or the base AMI id when its version is unknown.
        case image(base: String, from: String, to: SemanticVersion)
    }

    /// The image (`metadata.name`).
    public var image: String
    /// The manifest's `spec.version` now.
    public var from: SemanticVersion
    /// The version proposed.
    public var to: SemanticVersion
    /// Why: the source that moved.
    public var cause: Cause

    /// Creates a proposal (the daemon rebuilds one from an update branch's commit to check it is Kiln's).
    public init(image: String, from: SemanticVersion, to: SemanticVersion, cause: Cause) {
        self.image = image
        self.from = from
        self.to = to
        self.cause = cause
    }

    /// `<old-ami> → <new-ami>` or `base@old → base@new`, for messages and reports.
    public var sourceChange: String {
        switch cause {
        case .ami(let from, let to): "\(from) → \(to)"
        case .image(let base, let from, let to): "\(base)@\(from) → \(base)@\(to)"
        }
    }
}

/// What to do with one image's update branch.
public enum SourceUpdateDecision: Sendable, Equatable {
    /// Propose (or keep proposing) this bump.
    case propose(SourceUpdate)
    /// No bump is wanted any more: the branch goes, if it exists.
    case withdraw(image: String, reason: String)
    /// Not known this cycle (not baked yet, a region or a lookup missing): a branch is left as it is.
    case keep(image: String, reason: String)

    /// The image decided on.
    public var image: String {
        switch self {
        case .propose(let update): update.image
        case .withdraw(let image, _), .keep(let image, _): image
        }
    }
}
