/// A problem with the shared config files, the region or an endpoint setting. It names the file, line, variable
/// or setting at fault, never the offending text (a malformed line may hold a secret).
///
/// Errors compare equal when their kind matches.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case malformedFile
        case unreadableFile
        case profileNotFound
        case invalidRegion
        case missingRegion
        case invalidEndpoint
    }

    private let code: Code
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    // MARK: - Kinds, for matching

    /// A config or credentials file does not parse.
    public static let malformedFile = Self(.malformedFile, "malformed file")
    /// A config or credentials file exists but cannot be read.
    public static let unreadableFile = Self(.unreadableFile, "unreadable file")
    /// `AWS_PROFILE` names a profile that neither file defines.
    public static let profileNotFound = Self(.profileNotFound, "profile not found")
    /// A region that is not a well-formed AWS region name.
    public static let invalidRegion = Self(.invalidRegion, "invalid region")
    /// No region anywhere: `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's `region`.
    public static let missingRegion = Self(
        .missingRegion, "no region configured: set AWS_REGION, AWS_DEFAULT_REGION or the profile's region")
    /// An endpoint override that is not an absolute http(s) URL.
    public static let invalidEndpoint = Self(.invalidEndpoint, "invalid endpoint URL")

    // MARK: - Constructors

    static func malformedFile(path: String, line: Int, _ why: String) -> Self {
        Self(.malformedFile, "\(path):\(line): \(why)")
    }

    static func unreadable(path: String) -> Self {
        Self(.unreadableFile, "\(path): cannot be read")
    }

    static func profileNotFound(_ name: String) -> Self {
        Self(.profileNotFound, "profile '\(name)' is not defined in the shared config or credentials file")
    }

    static func invalidRegion(_ region: String, from source: String) -> Self {
        let shown = region.count > 64 ? String(region.prefix(64)) + "…" : region
        return Self(
            .invalidRegion,
            "region '\(shown)' from \(source) is malformed: expected a name like us-east-1 (lower-case letters, "
                + "digits and single hyphens, ending in a number)")
    }

    static func invalidEndpoint(from source: String) -> Self {
        Self(.invalidEndpoint, "\(source) is not an absolute http:// or https:// URL with a host")
    }
}
