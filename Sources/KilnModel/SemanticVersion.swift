// MARK: - Semantic version

/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-prerelease][+build]`.
///
/// Ordering is SemVer precedence (spec item 11): major, minor and patch compare numerically; a version
/// with a pre-release is lower than the same version without one; pre-release identifiers compare left
/// to right, numeric identifiers numerically (of any length) and below alphanumeric ones, alphanumeric ones
/// in ASCII order, and a shorter list is lower when all shared identifiers are equal. Build metadata takes
/// no part in precedence, so `1.0.0+a == 1.0.0+b` (they are the same version); ``description`` keeps it.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version.
    public var major: UInt64
    /// The minor version.
    public var minor: UInt64
    /// The patch version.
    public var patch: UInt64
    /// Dot-separated pre-release identifiers (empty for a release).
    public var prerelease: [String]
    /// Dot-separated build metadata identifiers (ignored by precedence and equality).
    public var build: [String]

    /// Creates a version from its parts; does not validate identifiers.
    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses SemVer 2.0.0 text; `nil` when it is not a valid version (no `v` prefix, no leading zeros).
    public init?(_ text: String) {
        var rest = Substring(text)
        guard let build = Self.identifiers(after: "+", cutFrom: &rest, valid: Self.isIdentifier),
            let prerelease = Self.identifiers(after: "-", cutFrom: &rest, valid: Self.isPrereleaseIdentifier)
        else { return nil }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3, core.allSatisfy(Self.isNumeric) else { return nil }
        guard let major = UInt64(core[0]), let minor = UInt64(core[1]), let patch = UInt64(core[2]) else {
            return nil
        }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
    }

    /// The canonical text, including pre-release and build metadata.
    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// Whether this version has pre-release identifiers.
    public var isPrerelease: Bool { !prerelease.isEmpty }
}

// MARK: - Grammar

extension SemanticVersion {
    /// The dot-separated identifiers after the first `separator` in `text`, which loses them and the separator;
    /// `[]` without a separator, `nil` when an identifier is not `valid`.
    static func identifiers(
        after separator: Character, cutFrom text: inout Substring, valid: (Substring) -> Bool
    ) -> [String]? {
        guard let index = text.firstIndex(of: separator) else { return [] }
        let parts = text[text.index(after: index)...].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy(valid) else { return nil }
        text = text[..<index]
        return parts.map(String.init)
    }

    /// `[0-9A-Za-z-]+`.
    static func isIdentifier(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Digits only, without a leading zero (except `0` itself).
    static func isNumeric(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy(\.isASCIIDigit) && (text.count == 1 || text.first != "0")
    }

    /// An identifier that, when all digits, has no leading zero.
    static func isPrereleaseIdentifier(_ text: some StringProtocol) -> Bool {
        isIdentifier(text) && (!text.allSatisfy(\.isASCIIDigit) || isNumeric(text))
    }
}

// MARK: - Codable as text

extension SemanticVersion: Codable {
    /// Decodes from a version string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let version = SemanticVersion(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a semantic version")
        }
        self = version
    }

    /// Encodes as its version string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
