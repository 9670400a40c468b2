import Foundation

extension ProfileSet {
    /// Where the shared files are: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else under `~/.aws/`.
    public struct FilePaths: Sendable, Equatable {
        public var config: String
        public var credentials: String
    }
}

extension ProfileSet.FilePaths {
    /// Resolves the paths from an environment dictionary; `~` means `HOME` (or the user's home directory).
    public init(environment: [String: String]) {
        let home = environment.awsValue("HOME") ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            if path == "~" { return home }
            if path.hasPrefix("~/") { return home + path.dropFirst() }
            return path
        }
        config = expand(environment.awsValue("AWS_CONFIG_FILE") ?? "~/.aws/config")
        credentials = expand(environment.awsValue("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
    }
}

extension ProfileSet {
    /// Reads and parses both files; a missing file counts as empty.
    public static func load(paths: FilePaths) throws -> ProfileSet {
        try ProfileSet(
            config: read(paths.config), credentials: read(paths.credentials),
            configPath: paths.config, credentialsPath: paths.credentials)
    }

    /// Reads the files the environment points to.
    public static func load(environment: [String: String]) throws -> ProfileSet {
        try load(paths: FilePaths(environment: environment))
    }

    private static func read(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        // A device such as /dev/null (a common way to switch the shared files off) reads as empty;
        // Foundation cannot read it as a file.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        if type == .typeCharacterSpecial { return "" }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError.unreadable(path: path)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
