import Yams

// MARK: - Tag resolution

extension Resolver {
    /// YAML 1.2 core-schema-like resolution for plain scalars: `true`/`false` are the only booleans (no
    /// `yes`/`no`/`on`/`off`), decimal integers, floats, `~`/`null`/empty as null; everything else a string.
    static let kiln: Resolver = {
        do {
            return try Resolver.basic
                .appending(.null, "^(?:~|null|Null|NULL|)$")
                .appending(.bool, "^(?:true|false)$")
                .appending(.int, "^[-+]?[0-9]+$")
                .appending(
                    .float,
                    "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)"
                        + "|\\.(?:nan|NaN|NAN))$")
        } catch {
            // The patterns are constants covered by tests; `basic` (all strings) is never reached.
            return Resolver.basic
        }
    }()
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
        case .alias: self = .unsupported(tag: "alias")
        case .scalar:
            switch node.tag.description {
            case Tag.Name.str.rawValue: self = .string
            case Tag.Name.int.rawValue: self = .integer
            case Tag.Name.float.rawValue: self = .float
            case Tag.Name.bool.rawValue: self = .boolean
            case Tag.Name.null.rawValue: self = .null
            case let tag: self = .unsupported(tag: tag)
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
