// MARK: - Scalars

extension ManifestDecoder {
    /// A string scalar (quoted, or plain that does not resolve to a number, boolean or null).
    mutating func string(_ node: Node, _ path: String, hint: String? = nil) -> String? {
        guard case .scalar(let scalar) = node, NodeKind(node) == .string else {
            typeError(node, path, expected: "a string", hint: hint)
            return nil
        }
        guard charge(node, bytes: scalar.string.utf8.count) else { return nil }
        return scalar.string
    }

    /// A string that satisfies `rule`.
    mutating func string(_ node: Node, _ path: String, rule: Rule) -> String? {
        guard let value = string(node, path) else { return nil }
        guard rule.test(value) else {
            error(node, rule.message(path, value))
            return nil
        }
        return value
    }

    /// A string that is not empty or only whitespace.
    mutating func nonEmptyString(_ node: Node, _ path: String) -> String? {
        guard let value = string(node, path) else { return nil }
        guard value.contains(where: { !$0.isWhitespace }) else {
            error(node, "'\(path)' must not be empty")
            return nil
        }
        return value
    }

    /// The text of any scalar that is not null (for versions, which YAML may type as numbers).
    mutating func scalarText(_ node: Node, _ path: String, expected: String) -> String? {
        guard case .scalar(let scalar) = node, NodeKind(node) != .null else {
            typeError(node, path, expected: expected)
            return nil
        }
        guard charge(node, bytes: scalar.string.utf8.count) else { return nil }
        return scalar.string
    }

    /// An integer scalar within `range`.
    mutating func integer(_ node: Node, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, NodeKind(node) == .integer else {
            typeError(node, path, expected: "an integer")
            return nil
        }
        guard let value = Int(scalar.string), range.contains(value) else {
            error(node, "'\(path)': \(scalar.string) is out of range \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    /// `true` or `false`.
    mutating func boolean(_ node: Node, _ path: String) -> Bool? {
        guard case .scalar(let scalar) = node, NodeKind(node) == .boolean else {
            typeError(node, path, expected: "a boolean (true or false)")
            return nil
        }
        return scalar.string == "true"
    }

    /// A duration such as `45m` or `1h30m`; zero (`0s`) is an error unless `allowingZero`.
    mutating func duration(_ node: Node, _ path: String, allowingZero: Bool = false) -> ManifestDuration? {
        guard let text = string(node, path, hint: "write durations like 45m, 1h30m or 7d") else { return nil }
        switch ManifestDuration.parseSeconds(text) {
        case .some(0) where !allowingZero:
            error(node, "'\(path)': duration \(MessageText.quoted(text)) must be greater than zero")
            return nil
        case .some(let seconds):
            return ManifestDuration(seconds: seconds)
        case .none:
            error(
                node,
                "'\(path)': invalid duration \(MessageText.quoted(text)) "
                    + "(expected <number><unit> groups with units d, h, m, s in that order, e.g. 45m, 1h30m, 7d)")
            return nil
        }
    }

    /// A semantic version, from any non-null scalar.
    mutating func version(_ node: Node, _ path: String) -> SemanticVersion? {
        guard let text = scalarText(node, path, expected: "a semantic version") else { return nil }
        guard let version = SemanticVersion(text) else {
            error(
                node,
                "'\(path)': invalid version \(MessageText.quoted(text)) "
                    + "(expected a semantic version MAJOR.MINOR.PATCH, e.g. 1.4.2)")
            return nil
        }
        return version
    }

    /// One of an enumeration's raw values.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ node: Node, _ path: String, as type: Value.Type
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, path) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            error(node, "'\(path)': invalid value \(MessageText.quoted(text)) (expected one of \(allowed))")
            return nil
        }
        return value
    }
}

// MARK: - Lists

extension ManifestDecoder {
    /// A list's elements with their paths.
    mutating func list(_ node: Node, _ path: String) -> [(path: String, node: Node)]? {
        guard case .sequence(let sequence) = node else {
            typeError(node, path, expected: "a list")
            return nil
        }
        return sequence.enumerated().map { (MessageText.element(path, $0.offset), $0.element) }
    }

    /// A list of strings that satisfy `rule` (and `check`, which answers an error message or `nil`);
    /// with `unique`, repeats are errors. Invalid elements are reported and left out.
    mutating func strings(
        _ node: Node, _ path: String, rule: Rule, unique: Bool = true, hint: String? = nil,
        check: (String) -> String? = { _ in nil }
    ) -> [String]? {
        guard let elements = list(node, path) else { return nil }
        var values: [String] = []
        for (elementPath, element) in elements {
            guard let value = string(element, elementPath, hint: hint) else { continue }
            guard rule.test(value) else {
                error(element, rule.message(elementPath, value))
                continue
            }
            if let problem = check(value) {
                error(element, "'\(elementPath)': \(problem)")
                continue
            }
            if unique, values.contains(value) {
                error(element, "'\(elementPath)': duplicate \(rule.what) \(MessageText.quoted(value))")
                continue
            }
            values.append(value)
        }
        return values
    }
}
