import Manifest

// MARK: - Errors in the daemon's configuration

/// A problem in the daemon's configuration: where it is (a file position, a variable, a flag) and what is wrong.
///
/// File problems read `kiln.yaml:3:5: error: unknown key 'poll.intervall'`, like manifest diagnostics.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable, Equatable {
        case unreadable = "config_unreadable"
        case invalidYAML = "config_invalid_yaml"
        case unknownKey = "config_unknown_key"
        case invalidValue = "config_invalid_value"
        case invalid = "config_invalid"
    }

    private let code: Code
    /// The file position, when the problem is in the file.
    public let location: SourceLocation?
    /// The file, variable or flag the problem is in (nil for problems of the whole configuration).
    public let origin: String?
    /// What is wrong.
    public let message: String

    private init(_ code: Code, location: SourceLocation? = nil, origin: String? = nil, _ message: String) {
        self.code = code
        self.location = location
        self.origin = origin
        self.message = message
    }

    /// A short, stable name, e.g. `config_unknown_key`.
    public var reason: String { code.rawValue }

    /// `file:line:col: error: message`, `KILN_X: error: message` or `error: message`.
    public var description: String {
        if let location { return "\(location): error: \(message)" }
        if let origin { return "\(origin): error: \(message)" }
        return "error: \(message)"
    }

    static func unreadable(_ file: String, _ message: String) -> ConfigError {
        ConfigError(.unreadable, origin: file, message)
    }

    static func invalidYAML(at location: SourceLocation, _ message: String) -> ConfigError {
        ConfigError(.invalidYAML, location: location, message)
    }

    static func unknownKey(_ path: String, at location: SourceLocation) -> ConfigError {
        ConfigError(.unknownKey, location: location, "unknown key '\(path)'")
    }

    static func unknownKey(_ path: String, origin: String) -> ConfigError {
        ConfigError(.unknownKey, origin: origin, "unknown key '\(path)'")
    }

    static func invalidValue(
        _ path: String, _ message: String, at location: SourceLocation? = nil, origin: String? = nil
    ) -> ConfigError {
        ConfigError(.invalidValue, location: location, origin: origin, "\(path): \(message)")
    }

    static func invalid(_ message: String) -> ConfigError {
        ConfigError(.invalid, message)
    }
}
