/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-prerelease][+build]`.
///
/// Ordering is SemVer precedence (spec item 11): major, minor and patch compare numerically; a version
/// with a pre-release is lower than the same version without one; pre-release identifiers compare left
/// to right, numeric identifiers numerically and below alphanumeric ones, alphanumeric ones in ASCII
/// order, and a shorter list is lower when all shared identifiers are equal. Build metadata takes no
/// part in precedence, so `1.0.0+a == 1.0.0+b` (they are the same version); ``description`` keeps it.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
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
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            let parts = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false)
            guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) }) else { return nil }
            build = parts.map(String.init)
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            let parts = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            for part in parts {
                guard !part.isEmpty, part.allSatisfy(Self.isIdentifierCharacter) else { return nil }
                if part.allSatisfy(\.isASCIIDigit), part.count > 1, part.first == "0" { return nil }
            }
            prerelease = parts.map(String.init)
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), part.count == 1 || part.first != "0",
                let number = UInt64(part)
            else { return nil }
            numbers.append(number)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2], prerelease: prerelease, build: build)
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

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-")
    }
}

// MARK: - Precedence

extension SemanticVersion {
    /// Equal precedence: build metadata is ignored.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch
            && lhs.prerelease == rhs.prerelease
    }

    /// Hashes the parts that take part in precedence.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// SemVer 2.0.0 precedence.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (a, b) in zip(lhs.prerelease, rhs.prerelease) where a != b {
            return identifierPrecedes(a, b)
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    private static func identifierPrecedes(_ a: String, _ b: String) -> Bool {
        let aNumeric = a.allSatisfy(\.isASCIIDigit)
        let bNumeric = b.allSatisfy(\.isASCIIDigit)
        switch (aNumeric, bNumeric) {
        case (true, true):
            if a.count != b.count { return a.count < b.count }  // no leading zeros: longer is larger
            return a < b
        case (true, false): return true
        case (false, true): return false
        case (false, false): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
    }
}

// MARK: - Codable as text

extension SemanticVersion {
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

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
