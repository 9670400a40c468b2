// MARK: - Name globs

/// A name pattern where `*` stands for any run of characters (also none) and `?` for one character, compiled
/// once: matching walks the literal pieces without building anything.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written, e.g. `kiln-builder*`.
    public let text: String
    private let pieces: [Piece]

    private enum Piece: Sendable, Hashable {
        case literal([Character])
        case anyOne
        case anyRun
    }

    /// Compiles `text`.
    public init(_ text: String) {
        self.text = text
        var pieces: [Piece] = []
        var literal: [Character] = []
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            literal = []
        }
        for character in text {
            switch character {
            case "*":
                flush()
                if pieces.last != .anyRun { pieces.append(.anyRun) }
            case "?":
                flush()
                pieces.append(.anyOne)
            default: literal.append(character)
            }
        }
        flush()
        self.pieces = pieces
    }

    /// `*`: every name.
    public static let any = GlobPattern("*")

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        Self.match(pieces[...], Array(name)[...])
    }

    public var description: String { text }

    private static func match(_ pieces: ArraySlice<Piece>, _ name: ArraySlice<Character>) -> Bool {
        guard let first = pieces.first else { return name.isEmpty }
        let rest = pieces.dropFirst()
        switch first {
        case .literal(let characters):
            guard name.starts(with: characters) else { return false }
            return match(rest, name.dropFirst(characters.count))
        case .anyOne:
            guard !name.isEmpty else { return false }
            return match(rest, name.dropFirst())
        case .anyRun:
            if rest.isEmpty { return true }
            var tail = name
            while true {
                if match(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        }
    }
}
