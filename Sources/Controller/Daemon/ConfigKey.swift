import Foundation
import Manifest

// MARK: - One setting

/// One setting of `DaemonConfiguration`: its dotted YAML path, flag, environment variable, default and setter.
public struct ConfigKey: Sendable {
    /// The dotted path in the YAML file, e.g. `poll.interval`.
    public let path: String
    /// The flag without dashes, e.g. `interval`.
    public let flag: String
    /// The environment variable, e.g. `KILN_POLL_INTERVAL`.
    public let environment: String
    /// The default, as written in the file.
    public let defaultText: String
    /// What it does, for the reference.
    public let summary: String
    /// A list: a YAML sequence, a repeated flag, a comma-separated variable.
    public let isList: Bool
    let apply: @Sendable (inout DaemonConfiguration, [String]) throws -> Void
    /// Reads a structured YAML value (a list of mappings) from the file; nil: the value is plain text.
    let applyNode: (@Sendable (inout DaemonConfiguration, YAMLNode, _ file: String) throws(ConfigError) -> Void)?

    init(
        _ path: String, flag: String, default defaultText: String, list: Bool = false, _ summary: String,
        apply: @escaping @Sendable (inout DaemonConfiguration, [String]) throws -> Void,
        applyNode: (@Sendable (inout DaemonConfiguration, YAMLNode, _ file: String) throws(ConfigError) -> Void)? = nil
    ) {
        self.applyNode = applyNode
        self.path = path
        self.flag = flag
        self.environment =
            "KILN_"
            + path.replacing(/([a-z])([A-Z])/) { "\($0.1)_\($0.2)" }
            .replacingOccurrences(of: ".", with: "_").uppercased()
        self.defaultText = defaultText
        self.summary = summary
        self.isList = list
        self.apply = apply
    }
}

/// A value that does not fit its setting; the caller adds where it came from.
struct ConfigValueError: Error, Sendable {
    let message: String

    init(_ message: String) {
        self.message = message
    }

    /// The message of a setter's error.
    static func message(_ error: any Error) -> String {
        (error as? ConfigValueError)?.message ?? "\(error)"
    }
}

// MARK: - Value parsers

enum ConfigValue {
    static func single(_ values: [String]) throws(ConfigValueError) -> String {
        guard let value = values.last else { throw ConfigValueError("a value is required") }
        return value
    }

    static func text(_ values: [String]) throws(ConfigValueError) -> String {
        let value = try single(values).trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw ConfigValueError("the value is empty") }
        return value
    }

    static func optionalText(_ values: [String]) throws(ConfigValueError) -> String? {
        let value = try single(values).trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }

    static func duration(_ values: [String]) throws(ConfigValueError) -> Duration {
        let value = try text(values)
        guard let parsed = ManifestDuration(value) else {
            throw ConfigValueError("'\(value)' is not a duration (e.g. 30s, 5m, 1h30m)")
        }
        return parsed.duration
    }

    static func positiveDuration(_ values: [String]) throws(ConfigValueError) -> Duration {
        let value = try duration(values)
        guard value > .zero else { throw ConfigValueError("the duration must be longer than 0s") }
        return value
    }

    static func integer(_ values: [String], atLeast minimum: Int) throws(ConfigValueError) -> Int {
        let value = try text(values)
        guard let number = Int(value), number >= minimum else {
            throw ConfigValueError("'\(value)' is not a whole number of at least \(minimum)")
        }
        return number
    }

    static func boolean(_ values: [String]) throws(ConfigValueError) -> Bool {
        let value = try text(values).lowercased()
        switch value {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigValueError("'\(value)' is not true or false")
        }
    }

    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// A ``list(_:)`` of AWS region names.
    static func regions(_ values: [String]) throws(ConfigValueError) -> [String] {
        let regions = list(values)
        for region in regions where !DaemonConfiguration.isRegionName(region) {
            throw ConfigValueError("'\(region)' is not an AWS region name")
        }
        return regions
    }
}
