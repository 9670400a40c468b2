/// What a commit says: its tree, parents, people and message.
public struct Commit: Sendable, Hashable {
    /// The commit's own id.
    public let id: ObjectID
    /// The id of its root tree.
    public let tree: ObjectID
    /// Parent ids, first parent first.
    public let parents: [ObjectID]
    /// Who wrote the change.
    public let author: Signature
    /// Who made the commit.
    public let committer: Signature
    /// The full message, as stored.
    public let message: String

    /// The first line of the message.
    public var summary: String {
        String(message.prefix { $0 != "\n" })
    }
}

/// A `Key: value` line appended to a commit message, e.g. `Kiln-Observed-Commit: 1a2b…`.
public struct Trailer: Sendable, Hashable {
    /// The token before the colon; letters, digits and `-` only.
    public var key: String
    /// The value after the colon; a single line.
    public var value: String

    /// A trailer.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
