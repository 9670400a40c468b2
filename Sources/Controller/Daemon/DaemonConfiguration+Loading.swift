import Foundation
import Manifest

// MARK: - File, environment, flags

extension DaemonConfiguration {
    /// The configuration from an optional YAML file, then `KILN_…` variables, then flags (each overriding the
    /// one before), checked as a whole.
    ///
    /// - Parameter flags: dotted paths and their values (a list setting takes several), in command-line order.
    public static func load(
        file: String?, environment: [String: String], flags: [(path: String, values: [String])] = []
    ) throws(ConfigError) -> DaemonConfiguration {
        var configuration = try read(file: file, environment: environment)
        for flag in flags {
            guard let key = key(flag.path) else { throw .unknownKey(flag.path, origin: "flags") }
            do {
                try key.apply(&configuration, flag.values)
            } catch {
                throw .invalidValue(key.path, ConfigValueError.message(error), origin: "--\(key.flag)")
            }
        }
        try configuration.expandCredentialsDirectory(environment: environment)
        try configuration.validate()
        return configuration
    }

    /// Applies every `KILN_…` variable that names a setting (empty variables are ignored).
    public mutating func apply(environment: [String: String]) throws(ConfigError) {
        for key in Self.keys {
            guard let value = environment[key.environment], !value.isEmpty else { continue }
            do {
                try key.apply(&self, key.isList ? ConfigValue.list([value]) : [value])
            } catch {
                throw .invalidValue(key.path, ConfigValueError.message(error), origin: key.environment)
            }
        }
    }

    /// Applies the settings of a YAML document; unknown keys and wrong shapes are errors at their position.
    public mutating func apply(yaml text: String, file: String) throws(ConfigError) {
        let result: YAMLEventReader.Result
        do {
            result = try YAMLEventReader.read(Array(text.utf8), maxBytes: Self.maxFileBytes)
        } catch {
            let (line, column, message) = Self.position(of: error)
            throw .invalidYAML(at: SourceLocation(file: file, line: line, column: column), message)
        }
        if let duplicate = result.duplicates.first {
            let at = SourceLocation(
                file: file, line: duplicate.second.line, column: duplicate.first?.column ?? duplicate.second.column)
            throw .invalidYAML(at: at, "duplicate key '\(duplicate.key)'")
        }
        switch result.stream {
        case .empty: return
        case .document(let root): try apply(node: root, prefix: "", file: file)
        case .multipleDocuments(let mark):
            throw .invalidYAML(
                at: SourceLocation(file: file, mark: mark),
                "invalid YAML: but found another document")
        }
    }

    private mutating func apply(node: YAMLNode, prefix: String, file: String) throws(ConfigError) {
        func location(_ node: YAMLNode) -> SourceLocation {
            SourceLocation(file: file, mark: node.mark)
        }
        guard let mapping = node.mapping else {
            let what = prefix.isEmpty ? "the configuration" : "'\(prefix.dropLast())'"
            throw .invalidYAML(at: location(node), "\(what) must be a mapping")
        }
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw .invalidYAML(at: location(keyNode), "keys must be plain text")
            }
            let path = prefix + name
            if let key = Self.key(path), let applyNode = key.applyNode {
                try applyNode(&self, value, file)
            } else if let key = Self.key(path) {
                let values = try Self.values(of: value, for: key, at: location(value))
                do {
                    try key.apply(&self, values)
                } catch {
                    throw .invalidValue(path, ConfigValueError.message(error), at: location(value))
                }
            } else if Self.keys.contains(where: { $0.path.hasPrefix(path + ".") }) {
                try apply(node: value, prefix: path + ".", file: file)
            } else {
                throw .unknownKey(path, at: location(keyNode))
            }
        }
    }

    private static func values(of node: YAMLNode, for key: ConfigKey, at location: SourceLocation) throws(ConfigError)
        -> [String]
    {
        switch node {
        case .scalar(let scalar):
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            if key.isList { return isNull ? [] : [scalar.string] }
            return [isNull ? "" : scalar.string]
        case .sequence(let sequence) where key.isList:
            var values: [String] = []
            for item in sequence {
                guard let text = item.scalar?.string else {
                    throw .invalidValue(key.path, "list items must be plain values", at: location)
                }
                values.append(text)
            }
            return values
        default:
            throw .invalidValue(key.path, key.isList ? "expected a list" : "expected a single value", at: location)
        }
    }

    /// The largest configuration file read (1 MiB).
    static let maxFileBytes = 1 << 20

    private static func position(of error: YAMLReadError) -> (Int, Int, String) {
        switch error {
        case .syntax(let problem, let mark, _):
            return (mark.line, mark.column, "invalid YAML: \(problem)")
        case .reader(let problem, _):
            return (1, 1, "invalid YAML: \(problem)")
        case .duplicateKey(let key, let mark):
            return (mark.line, mark.column, "duplicate key '\(key)'")
        case .tooManyDuplicateKeys:
            return (1, 1, "invalid YAML: too many duplicate keys")
        case .tooLarge(let limit):
            return (1, 1, "the configuration file is larger than \(limit) bytes")
        case .memory:
            return (1, 1, "invalid YAML: out of memory")
        }
    }
}

// MARK: - Checks of the whole

extension DaemonConfiguration {
    /// Checks what single settings cannot: required settings and combinations.
    public func validate() throws(ConfigError) {
        if repository.url.isEmpty {
            throw .invalid("no repository: set repository.url, KILN_REPOSITORY_URL or --repo")
        }
        if git.tokenFile != nil, git.sshKeyFile != nil || git.sshAgent {
            throw .invalid("give either git.tokenFile (HTTPS) or an SSH key or agent, not both")
        }
        if git.sshKeyFile != nil || git.sshAgent, git.knownHostsFile == nil {
            throw .invalid("SSH needs git.knownHostsFile: Kiln never accepts an unknown host key")
        }
        if git.sshKeyFile != nil, git.sshAgent {
            throw .invalid("give either git.sshKeyFile or git.sshAgent, not both")
        }
        try validateSourceSecurity()
        try validateAccounts()
        if http.pageAuth == .basic, http.basicAuthFile == nil {
            throw .invalid("http.pageAuth basic needs http.basicAuthFile")
        }
        if http.pageAuth == .bearer, http.bearerTokenFile == nil {
            throw .invalid("http.pageAuth bearer needs http.bearerTokenFile")
        }
        if let jitter = poll.jitter, jitter >= poll.interval {
            throw .invalid("poll.jitter (\(jitter)) must be shorter than poll.interval (\(poll.interval))")
        }
        if let initial = poll.backoffInitial, initial > poll.backoffMax {
            throw .invalid(
                "poll.backoffInitial (\(initial)) must not be longer than poll.backoffMax (\(poll.backoffMax))")
        }
        if let statusBranch = repository.statusBranch, statusBranch == repository.branch {
            throw .invalid("repository.statusBranch must differ from repository.branch (or be left out)")
        }
        let status = repository.statusPath.split(separator: "/").joined(separator: "/")
        let manifests = repository.manifestsPath.split(separator: "/").joined(separator: "/")
        let overlapping = manifests.hasPrefix(status + "/") || status.hasPrefix(manifests + "/")
        if status.isEmpty || status == manifests || overlapping {
            throw .invalid("repository.statusPath must be a directory apart from repository.manifestsPath")
        }
    }

    /// The lock file: `lease.lockFile`, else `<cacheDir>/kiln.lock`.
    public var lockFile: String {
        lease.lockFile ?? URL(fileURLWithPath: cacheDirectory).appendingPathComponent("kiln.lock").path
    }
}
