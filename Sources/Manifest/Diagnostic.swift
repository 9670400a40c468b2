// MARK: - Severity

/// How serious a ``Diagnostic`` is: only `.error` makes a manifest invalid.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case error
    case warning
    case note
}

// MARK: - SourceLocation

/// A position in a manifest file: 1-based line, 1-based column counted in Unicode scalars.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Where `mark` is in `file`; the file's start (1:1) when there is no mark.
    public init(file: String, mark: YAMLMark?) {
        self.init(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// `path:line:col`.
    public var description: String { "\(file):\(line):\(column)" }
}

// MARK: - Diagnostic

/// One finding about a manifest, printed as `path:line:col: error: message`.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file's path as given to the loader.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int
    /// Error, warning or note.
    public var severity: Severity
    /// What is wrong, in one line.
    public var message: String

    /// Creates a diagnostic at an explicit position.
    public init(file: String, line: Int, column: Int, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// Creates a diagnostic at a location.
    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.init(
            file: location.file, line: location.line, column: location.column,
            severity: severity, message: message)
    }

    /// The diagnostic's position.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// `path:line:col: severity: message`.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

// MARK: - Ordering

extension Diagnostic {
    /// Sorts diagnostics by file, line and column, keeping each note right after the finding it explains.
    ///
    /// A run of notes that follows an error or warning travels with it; the sort is stable otherwise.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var groups: [[Diagnostic]] = []
        for diagnostic in diagnostics {
            if diagnostic.severity == .note, !groups.isEmpty {
                groups[groups.count - 1].append(diagnostic)
            } else {
                groups.append([diagnostic])
            }
        }
        let ordered = groups.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element[0], rhs.element[0])
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return lhs.offset < rhs.offset
        }
        return ordered.flatMap(\.element)
    }
}
