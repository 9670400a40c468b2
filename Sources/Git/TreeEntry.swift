/// A file in a commit's tree, as listed by `Repository.files(at:under:)`.
public struct TreeEntry: Sendable, Hashable {
    /// The path relative to the directory that was listed, with `/` separators, e.g. `web/api.yaml`.
    public var path: String
    /// The id of the file's blob; read its bytes with `Repository.blob(_:)`.
    public var id: ObjectID
    /// Regular, executable or symbolic link.
    public var mode: FileMode
}

/// The kind of a file in a git tree.
public enum FileMode: Sendable, Hashable {
    /// `100644`.
    case regular
    /// `100755`.
    case executable
    /// `120000`; the blob holds the link target.
    case symbolicLink

    /// The octal mode git writes, e.g. `100644`.
    public var octal: String {
        switch self {
        case .regular: "100644"
        case .executable: "100755"
        case .symbolicLink: "120000"
        }
    }
}
