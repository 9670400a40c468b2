import Foundation

/// Why a credential source gave no credentials. It names the source and the setting at fault, never a
/// secret key, session token, authorization token, web identity token or credential process output.
///
/// Errors compare equal when their kind matches, so `#expect(throws: CredentialError.notConfigured)` works.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case notConfigured
        case invalidConfiguration
        case retrievalFailed
        case expired
        case roleAssumptionUnavailable
        case profileCycle
        case noCredentials
    }

    private let code: Code
    /// The source at fault, e.g. `environment`, `profile ci`, `instance metadata`.
    public let source: String
    private let detail: String

    private init(_ code: Code, source: String, detail: String) {
        self.code = code
        self.source = source
        self.detail = detail
    }

    public var description: String { source.isEmpty ? detail : "\(source): \(detail)" }

    /// True when the source is simply not set up here: a chain moves on to the next source.
    public var isNotConfigured: Bool { code == .notConfigured }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    // MARK: - Kinds, for matching

    /// The source is not set up (no variables, no file, no profile); not a failure.
    public static let notConfigured = Self(.notConfigured, source: "", detail: "not configured")
    /// The source is set up wrongly (partial keys, bad JSON shape, unsupported setting).
    public static let invalidConfiguration = Self(.invalidConfiguration, source: "", detail: "invalid configuration")
    /// The source is set up but fetching failed (HTTP error, process failure, unreadable token file).
    public static let retrievalFailed = Self(.retrievalFailed, source: "", detail: "retrieval failed")
    /// The source returned credentials that had already expired.
    public static let expired = Self(.expired, source: "", detail: "credentials expired")
    /// The source needs STS (assume role, web identity) but no `RoleAssuming` client was given.
    public static let roleAssumptionUnavailable = Self(
        .roleAssumptionUnavailable, source: "", detail: "role assumption unavailable")
    /// `source_profile` references loop.
    public static let profileCycle = Self(.profileCycle, source: "", detail: "source_profile cycle")
    /// No source in a chain had credentials.
    public static let noCredentials = Self(.noCredentials, source: "", detail: "no credentials")

    // MARK: - Constructors

    static func notConfigured(_ source: String, _ detail: String) -> Self {
        Self(.notConfigured, source: source, detail: detail)
    }

    static func invalid(_ source: String, _ detail: String) -> Self {
        Self(.invalidConfiguration, source: source, detail: detail)
    }

    static func retrieval(_ source: String, _ detail: String) -> Self {
        Self(.retrievalFailed, source: source, detail: detail)
    }

    static func expired(_ source: String, at date: Date) -> Self {
        Self(.expired, source: source, detail: "returned credentials that expired at \(date)")
    }

    static func noSTS(_ source: String, _ what: String) -> Self {
        Self(
            .roleAssumptionUnavailable, source: source,
            detail: "\(what) needs STS, but this credential chain was built without a RoleAssuming client")
    }

    static func cycle(_ profiles: [String]) -> Self {
        Self(
            .profileCycle, source: "profile \(profiles.first ?? "")",
            detail: "source_profile references form a cycle: \(profiles.joined(separator: " -> "))")
    }

    static func none(_ reasons: [String]) -> Self {
        Self(.noCredentials, source: "", detail: "no AWS credentials found (\(reasons.joined(separator: "; ")))")
    }

    /// The same error reported for another source (e.g. a source profile's error seen from the profile that
    /// uses it), keeping the kind; a source that is not configured becomes invalid configuration.
    func reported(as source: String, nested: Bool) -> Self {
        let code = nested && self.code == .notConfigured ? .invalidConfiguration : self.code
        return Self(code, source: source, detail: description)
    }
}
