/// The YAML node type the decoder reads.
typealias Node = YAMLNode

/// A position inside one file, used to recognise nodes by their mark.
typealias Position = YAMLMark

extension YAMLMark {
    init(_ mark: YAMLMark?) {
        self = mark ?? YAMLMark(line: 1, column: 1)
    }
}

/// What a YAML node is, after tag resolution.
enum NodeKind: Equatable {
    case string
    case integer
    case float
    case boolean
    case null
    case mapping
    case sequence
    case unsupported(tag: String)

    init(_ node: Node) {
        switch node {
        case .mapping: self = .mapping
        case .sequence: self = .sequence
        case .scalar(let scalar):
            switch scalar.tag {
            case .string: self = .string
            case .integer: self = .integer
            case .float: self = .float
            case .boolean: self = .boolean
            case .null: self = .null
            case .other(let tag): self = .unsupported(tag: tag)
            }
        }
    }

    /// "a string", "an integer", … for messages.
    var phrase: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "a boolean"
        case .null: "null"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .unsupported(let tag): "a value tagged '\(tag)'"
        }
    }
}
