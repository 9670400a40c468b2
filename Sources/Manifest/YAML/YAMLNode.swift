/// A position in a YAML text: 1-based line and column (columns count Unicode scalars).
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public var description: String { "\(line):\(column)" }
}

/// One node of a YAML document as read from libyaml's events by ``YAMLEventReader``.
///
/// An alias is the node its anchor names (shared storage, never a copy), so a document whose aliases expand
/// exponentially stays as small as its text; consumers that walk values charge what they read.
public enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// A scalar: its text, its YAML 1.2 core-schema type, how it was written and where.
    public struct Scalar: Sendable {
        public var string: String
        public var tag: ScalarTag
        public var style: Style
        public var mark: YAMLMark

        /// How a scalar was written (libyaml's scalar styles).
        public enum Style: Sendable, Equatable {
            case any, plain, singleQuoted, doubleQuoted, literal, folded
        }
    }

    /// A mapping's pairs in document order (duplicates included: readers decide which one counts).
    public struct Mapping: Sendable, RandomAccessCollection {
        public typealias Pair = (key: YAMLNode, value: YAMLNode)
        public var pairs: [Pair]
        public var mark: YAMLMark

        public var startIndex: Int { pairs.startIndex }
        public var endIndex: Int { pairs.endIndex }
        public subscript(position: Int) -> Pair { pairs[position] }
    }

    /// A sequence's elements in order.
    public struct Sequence: Sendable, RandomAccessCollection {
        public var elements: [YAMLNode]
        public var mark: YAMLMark

        public var startIndex: Int { elements.startIndex }
        public var endIndex: Int { elements.endIndex }
        public subscript(position: Int) -> YAMLNode { elements[position] }
    }

    /// Where the node starts (its anchor or tag, when it has one).
    public var mark: YAMLMark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let sequence): sequence.mark
        }
    }

    /// The scalar, if this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The text of a scalar; `nil` for collections.
    public var string: String? { scalar?.string }
}

/// The type of a scalar: its explicit tag, or the YAML 1.2 core schema's resolution of plain text.
public enum ScalarTag: Sendable, Hashable {
    case string
    case integer
    case float
    case boolean
    case null
    /// Any other explicit tag, spelled out (e.g. `tag:yaml.org,2002:binary`, `!custom`).
    case other(String)

    static let prefix = "tag:yaml.org,2002:"

    /// The tag of an explicitly tagged scalar.
    init(explicit name: String) {
        switch name {
        case "!", Self.prefix + "str": self = .string
        case Self.prefix + "int": self = .integer
        case Self.prefix + "float": self = .float
        case Self.prefix + "bool": self = .boolean
        case Self.prefix + "null": self = .null
        default: self = .other(name)
        }
    }

    /// The tag's full name, as YAML spells it.
    public var name: String {
        switch self {
        case .string: Self.prefix + "str"
        case .integer: Self.prefix + "int"
        case .float: Self.prefix + "float"
        case .boolean: Self.prefix + "bool"
        case .null: Self.prefix + "null"
        case .other(let name): name
        }
    }
}
