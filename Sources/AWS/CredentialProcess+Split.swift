extension CredentialProcessProvider {
    /// Splits a `credential_process` command line into arguments the way the AWS CLI does on POSIX systems
    /// (Python's `shlex.split`): whitespace separates words, single quotes keep everything literally, double
    /// quotes keep everything but `\"` and `\\`, and a backslash outside quotes escapes the next character.
    /// No shell ever sees the command, so `;`, `|`, `$(…)` and globs are plain characters.
    static func split(_ command: String) throws -> [String] {
        enum State { case plain, single, double }
        var words: [String] = []
        var word = ""
        var inWord = false
        var state = State.plain
        var characters = command.makeIterator()
        let invalid = CredentialError.invalid(
            "credential_process", "the command line has an unterminated quote or escape")
        while let character = characters.next() {
            switch state {
            case .plain:
                switch character {
                case " ", "\t", "\n", "\r", "\r\n":
                    if inWord { words.append(word) }
                    word = ""
                    inWord = false
                case "'":
                    state = .single
                    inWord = true
                case "\"":
                    state = .double
                    inWord = true
                case "\\":
                    guard let next = characters.next() else { throw invalid }
                    word.append(next)
                    inWord = true
                default:
                    word.append(character)
                    inWord = true
                }
            case .single:
                if character == "'" { state = .plain } else { word.append(character) }
            case .double:
                switch character {
                case "\"":
                    state = .plain
                case "\\":
                    guard let next = characters.next() else { throw invalid }
                    if next != "\"" && next != "\\" { word.append("\\") }
                    word.append(next)
                default:
                    word.append(character)
                }
            }
        }
        guard state == .plain else { throw invalid }
        if inWord { words.append(word) }
        return words
    }
}
