/// Turns a YAML read error into a position and a one-line message.
enum YAMLErrorText {
    static func describe(_ error: YAMLReadError, text: String) -> (Position, String) {
        switch error {
        case .syntax(let problem, let mark, let context):
            let scalars = Array(text.unicodeScalars)
            let position = clamped(mark, scalars: scalars)
            if leadingWhitespaceHasTab(line: mark.line, scalars: scalars) {
                return (position, "tab character used for indentation; YAML indentation must use spaces")
            }
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty {
                let start = context.mark
                let sameLine = start.line == mark.line && start.column == mark.column
                message += sameLine ? " (\(context.text))" : " (\(context.text) at \(start.line):\(start.column))"
            }
            return (position, message)
        case .reader(let problem, let offset):
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: offset, limitedBy: text.utf8.endIndex)?
                .samePosition(in: text)
            let characters = index.map { text.distance(from: text.startIndex, to: $0) } ?? 0
            return (position(ofCharacter: characters, in: text), "invalid YAML: \(problem)")
        case .duplicateKey(let key, let mark):
            return (mark, "duplicate key '\(key)'")
        case .tooManyDuplicateKeys:
            return (Position(line: 1, column: 1), "too many duplicate keys")
        case .tooLarge(let limit):
            return (Position(line: 1, column: 1), "file is too large: a manifest may have at most \(limit) bytes")
        case .memory:
            return (Position(line: 1, column: 1), "invalid YAML: memory")
        }
    }

    /// `position`, or the end of the last line when it lies past it: at the end of a file without a final line
    /// break, libyaml reports the start of a line that does not exist.
    static func clamped(_ position: Position, scalars: [Unicode.Scalar]) -> Position {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) else { continue }
            if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
            line += 1
            lineStart = index
        }
        guard position.line > line else { return position }
        return Position(line: line, column: scalars.count - lineStart + 1)
    }

    /// Whether the indentation of 1-based `line` contains a tab.
    private static func leadingWhitespaceHasTab(line: Int, scalars: [Unicode.Scalar]) -> Bool {
        var current = 1
        var index = 0
        while current < line, index < scalars.count {
            if scalars[index] == "\n" { current += 1 }
            index += 1
        }
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" {
            if scalars[index] == "\t" { return true }
            index += 1
        }
        return false
    }

    private static func position(ofCharacter offset: Int, in text: String) -> Position {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return Position(line: line, column: column)
    }
}
