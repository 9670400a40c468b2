/// One bash script run on the builder (SSM Run Command).
public struct Step: Sendable, Equatable {
    /// Unique among provision, test and cleanup steps.
    public var name: String
    /// The bash script.
    public var run: String
    /// Limit for this step (default 10m).
    public var timeout: ManifestDuration
    /// Where the step's mapping starts (report step failures here).
    public var location: SourceLocation
    /// Where the script text sits in the manifest, to map script lines back to manifest lines.
    public var script: ScriptOrigin

    /// The manifest position of the script's 1-based `line` and `column`.
    ///
    /// Exact for literal block scalars (`run: |`) and for single-line scalars; for other multi-line
    /// styles, whose lines are folded, it answers the position of the `run` value itself.
    public func manifestLocation(scriptLine line: Int, column: Int) -> SourceLocation {
        var location = script.start
        switch script.mapping {
        case .lineForLine:
            location.line += line - 1
            location.column += column - 1
        case .singleLine where line == 1:
            location.column += column - 1
        case .singleLine, .approximate:
            location = script.value
        }
        return location
    }
}

/// Where a step's script is written in its manifest.
public struct ScriptOrigin: Sendable, Equatable {
    /// How script positions map to manifest positions.
    public enum Mapping: Sendable, Equatable {
        /// A literal block: script line n is `start.line + n - 1`, columns shifted by the indentation.
        case lineForLine
        /// A one-line scalar: columns shifted by `start.column - 1`.
        case singleLine
        /// A folded or multi-line flow scalar: only the value's position is known.
        case approximate
    }

    /// The position of the script's first character (line 1, column 1).
    public var start: SourceLocation
    /// The position of the `run` value node (the `|` of a block scalar).
    public var value: SourceLocation
    /// How script positions map.
    public var mapping: Mapping
}

/// `spec.cleanup`: the standard cleanup or none, plus extra steps run before it.
public struct Cleanup: Sendable, Equatable {
    /// Standard (default) or none.
    public var mode: CleanupMode
    /// Extra steps, run before the standard cleanup.
    public var steps: [Step]

    /// Creates a cleanup; default standard without extra steps.
    public init(mode: CleanupMode = .standard, steps: [Step] = []) {
        self.mode = mode
        self.steps = steps
    }
}
