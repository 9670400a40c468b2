import Foundation

// MARK: - Steps

/// `spec.provision`, `spec.test` and `spec.cleanup`.
public struct BakeSteps: Sendable, Equatable, Codable {
    public var provision: [ScriptStep]
    public var test: [ScriptStep]
    /// Extra cleanup steps; they run before the standard cleanup.
    public var cleanup: [ScriptStep]
    public var cleanupMode: CleanupMode

    /// Creates the steps of a bake.
    public init(
        provision: [ScriptStep], test: [ScriptStep] = [], cleanup: [ScriptStep] = [],
        cleanupMode: CleanupMode = .standard
    ) {
        self.provision = provision
        self.test = test
        self.cleanup = cleanup
        self.cleanupMode = cleanupMode
    }
}

/// One script run on the builder through SSM Run Command.
public struct ScriptStep: Sendable, Equatable, Codable {
    public var name: String
    /// A bash script.
    public var run: String
    /// Seconds (default 10 minutes).
    public var timeout: TimeInterval

    /// Creates a step.
    public init(name: String, run: String, timeout: TimeInterval = 600) {
        self.name = name
        self.run = run
        self.timeout = timeout
    }
}

// MARK: - Manifest location

/// The manifest file and line that declared an image.
public struct ManifestLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int

    /// Creates a location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}
