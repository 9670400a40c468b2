// MARK: - EC2's wildcards, client-side

extension ImageFilter {
    /// Whether an AMI name matches `name` the way an EC2 `name` filter value matches it: case-sensitive, `*` for
    /// zero or more characters, `?` for zero or one character, and a backslash before a character for that
    /// character itself (`\*`, `\?`, `\\`).
    ///
    /// Lets one `DescribeImages` call carry the patterns of several filters as values of one `name` filter (EC2 ORs
    /// them) and each filter then pick its own matches from the answer.
    public func matches(name candidate: String) -> Bool {
        namePattern.matches(candidate)
    }

    /// The `name` pattern parsed once, to match many names.
    public var namePattern: NamePattern { NamePattern(name) }
}

/// A parsed EC2 filter value, matched as a small NFA over Unicode scalars (no backtracking blow-up).
public struct NamePattern: Sendable {
    enum Token: Sendable, Equatable {
        case literal(Unicode.Scalar)
        case any
        case optional
    }

    let tokens: [Token]

    /// Parses an EC2 filter value.
    public init(_ pattern: String) {
        var tokens: [Token] = []
        var escaped = false
        for scalar in pattern.unicodeScalars {
            if escaped {
                tokens.append(.literal(scalar))
                escaped = false
                continue
            }
            switch scalar {
            case "\\": escaped = true
            case "*": if tokens.last != .any { tokens.append(.any) }
            case "?": tokens.append(.optional)
            default: tokens.append(.literal(scalar))
            }
        }
        if escaped { tokens.append(.literal("\\")) }
        self.tokens = tokens
    }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        var states = closure([0])
        for scalar in text.unicodeScalars {
            var next: Set<Int> = []
            for state in states where state < tokens.count {
                switch tokens[state] {
                case .literal(let expected): if expected == scalar { next.insert(state + 1) }
                case .any: next.insert(state)
                case .optional: next.insert(state + 1)
                }
            }
            states = closure(next)
            if states.isEmpty { return false }
        }
        return states.contains(tokens.count)
    }

    /// `states` and every state reachable from them by a wildcard matching nothing.
    private func closure(_ states: Set<Int>) -> Set<Int> {
        var result = states
        var pending = Array(states)
        while let state = pending.popLast() {
            guard state < tokens.count, tokens[state] == .any || tokens[state] == .optional else { continue }
            if result.insert(state + 1).inserted { pending.append(state + 1) }
        }
        return result
    }
}
