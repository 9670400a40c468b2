/// Why a YAML text could not be read, with libyaml's own words and marks.
public enum YAMLReadError: Error, Sendable {
    /// The reader refused the input (e.g. a control character); `offset` is the byte offset of the problem.
    case reader(problem: String, offset: Int)
    /// The scanner, the parser or the composer (undefined alias, nesting) refused the input.
    case syntax(problem: String, mark: YAMLMark, context: (text: String, mark: YAMLMark)?)
    /// A duplicate key that cannot be reported on its own (too many, or written where it cannot be shadowed).
    case duplicateKey(key: String, mark: YAMLMark)
    /// More duplicate keys than a document may have.
    case tooManyDuplicateKeys
    /// The text is larger than the reader was allowed to read.
    case tooLarge(limit: Int)
    /// libyaml could not allocate memory.
    case memory
}

/// A duplicate key: the earlier occurrence (`first`, skipped by readers) and the one reported (`second`).
public struct YAMLDuplicateKey: Sendable {
    public var key: String
    public var first: YAMLMark?
    public var second: YAMLMark
}

/// What one YAML text holds.
public enum YAMLStream: Sendable {
    /// Exactly one document.
    case document(YAMLNode)
    /// No document at all (empty, or only comments).
    case empty
    /// More than one document; the mark is where the second document's root starts.
    case multipleDocuments(YAMLMark)
}
