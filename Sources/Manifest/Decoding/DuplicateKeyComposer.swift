import Yams

/// Composes one YAML document and turns Yams' duplicate-key failure into per-key findings.
///
/// Yams 6 refuses a mapping with duplicate keys and reports only the first occurrence. To report every
/// duplicate at its own position and still read the rest of the file, the composer renames the first
/// occurrence (one Unicode scalar swapped for a distinct private-use character, so no position moves), parses
/// again, and remembers the renamed key as shadowed: the later occurrence wins, the earlier one is skipped.
struct DuplicateKeyComposer {
    enum Outcome {
        case document(Node)
        case empty
        case multipleDocuments(Position)
        case failure(Position, String)
    }

    /// A duplicate key: `first` is the earlier occurrence, `second` the one reported.
    struct Duplicate {
        var key: String
        var first: Position?
        var second: Position

        var message: String { "duplicate key '\(key)'" }

        func location(_ file: String) -> SourceLocation {
            SourceLocation(file: file, line: second.line, column: second.column)
        }
    }

    private static let maxRounds = 64
    /// The first private-use scalar; round `n` uses `U+E000 + n`, so renamed keys never collide.
    private static let markerBase: UInt32 = 0xE000

    private var scalars: [Unicode.Scalar]
    private var renamed: [(key: String, position: Position)] = []
    private(set) var duplicates: [Duplicate] = []
    /// Positions of renamed (earlier) keys, skipped when reading mappings.
    var shadowed: Set<Position> { Set(renamed.map(\.position)) }

    init(text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func compose() -> Outcome {
        for _ in 0..<Self.maxRounds {
            do {
                let parser = try Parser(yaml: currentText, resolver: .kiln, constructor: .default, encoding: .utf8)
                guard let root = try parser.nextRoot() else { return .empty }
                if let second = try parser.nextRoot() { return .multipleDocuments(Position(second.mark)) }
                resolveDuplicates(in: root)
                return .document(root)
            } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
                let position = Position(line: context.mark.line, column: context.mark.column)
                let key = keys.first ?? "?"
                guard rename(at: position) else {
                    return .failure(position, "duplicate key '\(key)'")
                }
                renamed.append((key, position))
            } catch let error as YamlError {
                let (position, message) = YAMLErrorText.describe(error, scalars: scalars)
                return .failure(position, message)
            } catch {
                return .failure(Position(line: 1, column: 1), "invalid YAML: \(error)")
            }
        }
        return .failure(Position(line: 1, column: 1), "too many duplicate keys")
    }

    private var currentText: String {
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        return String(text)
    }

    /// Swaps the first scalar of the key written at `position` for a private-use marker.
    private mutating func rename(at position: Position) -> Bool {
        var line = 1
        var index = 0
        while line < position.line, index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        index += position.column - 1
        guard index < scalars.count else { return false }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        guard index < scalars.count, !["\"", "'", "\\", "\n", "\r", " "].contains(scalars[index]) else {
            return false
        }
        guard let marker = Unicode.Scalar(Self.markerBase + UInt32(renamed.count)) else { return false }
        scalars[index] = marker
        return true
    }

    /// Finds, for each renamed key, the next key with the same text in its mapping: the reported duplicate.
    private mutating func resolveDuplicates(in root: Node) {
        let renamedKeys = Dictionary(renamed.map { ($0.position, $0.key) }, uniquingKeysWith: { a, _ in a })
        var found: [Position: Position] = [:]
        var visited = Set<Position>()
        func walk(_ node: Node) {
            switch node {
            case .mapping(let mapping):
                guard visited.insert(Position(node.mark)).inserted else { return }
                let keys = mapping.map { pair in
                    let position = Position(pair.key.mark)
                    return (position, renamedKeys[position] ?? pair.key.string ?? "")
                }
                for (index, (position, text)) in keys.enumerated() where renamedKeys[position] != nil {
                    if let next = keys[(index + 1)...].first(where: { $0.1 == text }) {
                        found[position] = next.0
                    }
                }
                for pair in mapping {
                    walk(pair.key)
                    walk(pair.value)
                }
            case .sequence(let sequence):
                guard visited.insert(Position(node.mark)).inserted else { return }
                sequence.forEach(walk)
            case .scalar, .alias:
                return
            }
        }
        walk(root)
        duplicates = renamed.map { key, position in
            if let second = found[position] {
                return Duplicate(key: key, first: position, second: second)
            }
            return Duplicate(key: key, first: nil, second: position)
        }
    }
}
