// MARK: - Automatic source updates

/// `spec.autoUpdate`: whether Kiln proposes a version bump (as a branch for review) when the image's source moves.
public struct AutoUpdate: Sendable, Hashable, Codable {
    /// How the version is bumped when the source moves (default `none`: nothing is proposed).
    public var source: SourceUpdatePolicy

    /// Creates a setting; the default proposes nothing.
    public init(source: SourceUpdatePolicy = .none) {
        self.source = source
    }
}

/// `spec.autoUpdate.source`: which part of the version a source update bumps.
public enum SourceUpdatePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// The next patch version (`1.4.2` → `1.4.3`).
    case patch
    /// The next minor version, patch 0 (`1.4.2` → `1.5.0`).
    case minor
    /// No proposals.
    case none

    /// The version a source update proposes after `version`, pre-release and build metadata dropped; nil for
    /// `none` (or a number that would overflow).
    public func next(after version: SemanticVersion) -> SemanticVersion? {
        switch self {
        case .patch:
            let (patch, overflow) = version.patch.addingReportingOverflow(1)
            return overflow ? nil : SemanticVersion(major: version.major, minor: version.minor, patch: patch)
        case .minor:
            let (minor, overflow) = version.minor.addingReportingOverflow(1)
            return overflow ? nil : SemanticVersion(major: version.major, minor: minor, patch: 0)
        case .none:
            return nil
        }
    }
}
