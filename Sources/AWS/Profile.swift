/// One named profile from `~/.aws/config` and `~/.aws/credentials`, merged (the credentials file wins).
public struct Profile: Sendable, Equatable {
    /// The profile name, without the `profile ` prefix of the config file.
    public var name: String
    /// Property names (lower-cased) to values; a property with sub-properties holds them as raw lines.
    public var properties: [String: String]

    public init(name: String, properties: [String: String] = [:]) {
        self.name = name
        self.properties = properties
    }

    /// The value of a property (name case-insensitive), `nil` when absent or empty.
    public subscript(_ key: String) -> String? {
        guard let value = properties[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }

    /// The `key = value` lines nested under a property (`s3 =` followed by indented lines).
    public func subProperties(of key: String) -> [String: String] {
        ProfileParser.subProperties(properties[key.lowercased()] ?? "")
    }
}

/// All the profiles and other sections (`[services name]`, `[sso-session name]`) of the shared files.
public struct ProfileSet: Sendable, Equatable {
    /// Profiles by name.
    public var profiles: [String: Profile]
    /// Other config-file sections by `"<kind> <name>"` (e.g. `"services local"`), properties by name.
    public var sections: [String: [String: String]]

    /// No profiles at all.
    public init(profiles: [String: Profile] = [:], sections: [String: [String: String]] = [:]) {
        self.profiles = profiles
        self.sections = sections
    }

    /// Parses the contents of a config file and a credentials file; `path`s only label errors.
    public init(
        config: String, credentials: String, configPath: String = "config", credentialsPath: String = "credentials"
    ) throws {
        let configFile = try ProfileParser.parse(config, kind: .config, path: configPath)
        let credentialsFile = try ProfileParser.parse(credentials, kind: .credentials, path: credentialsPath)
        var profiles = configFile.profiles
        for (name, profile) in credentialsFile.profiles {
            profiles[name, default: Profile(name: name)].properties.merge(profile.properties) { _, new in new }
        }
        self.init(profiles: profiles, sections: configFile.sections)
    }

    /// The profile called `name`, if either file defines it.
    public func profile(named name: String) -> Profile? { profiles[name] }

    /// The `[services <name>]` section a profile's `services` property points to, by service key
    /// (e.g. `ec2`, `auto_scaling`), each with its sub-properties.
    public func services(for profile: Profile) -> [String: [String: String]] {
        guard let name = profile["services"], let section = sections["services \(name)"] else { return [:] }
        return section.mapValues(ProfileParser.subProperties)
    }
}
