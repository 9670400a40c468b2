import Manifest

// MARK: - An IAM policy document, rendered with a stable key order

/// One `Allow` statement of an IAM policy.
public struct PolicyStatement: Sendable, Equatable {
    /// The statement id.
    public var sid: String
    /// The actions, e.g. `ec2:RunInstances`.
    public var actions: [String]
    /// The resources: ARNs or ARN patterns, or `*`.
    public var resources: [String]
    /// The conditions, in the order written.
    public var conditions: [PolicyCondition]

    /// Creates a statement.
    public init(_ sid: String, actions: [String], resources: [String], conditions: [PolicyCondition] = []) {
        self.sid = sid
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }
}

/// One condition: an operator, a context key and the values it accepts.
public struct PolicyCondition: Sendable, Equatable {
    /// E.g. `StringEquals`, `ArnLike`, `ForAllValues:StringNotEquals`.
    public var operation: String
    /// E.g. `aws:ResourceTag/kiln:owner`.
    public var key: String
    /// The accepted values (one is written as a string).
    public var values: [String]

    /// Creates a condition.
    public init(_ operation: String, _ key: String, _ values: [String]) {
        self.operation = operation
        self.key = key
        self.values = values
    }
}

/// A policy: `Version` and `Statement`, rendered as JSON with keys in a fixed order (`Sid`, `Effect`, `Action`,
/// `Resource`, `Condition`) and one list item per line, so the file diffs well and regenerates byte for byte.
public struct PolicyDocument: Sendable, Equatable {
    /// The statements, in order.
    public var statements: [PolicyStatement]

    /// Creates a policy.
    public init(statements: [PolicyStatement]) {
        self.statements = statements
    }

    /// The JSON text, ending with a newline.
    public var json: String {
        var lines = ["{", "  \"Version\": \"2012-10-17\",", "  \"Statement\": ["]
        for (index, statement) in statements.enumerated() {
            lines += Self.render(statement).map { "    " + $0 }
            if index < statements.count - 1 { lines[lines.count - 1] += "," }
        }
        lines += ["  ]", "}"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ statement: PolicyStatement) -> [String] {
        var fields: [[String]] = [
            ["\"Sid\": \(JSONText.quoted(statement.sid))"], ["\"Effect\": \"Allow\""],
            list("Action", statement.actions), list("Resource", statement.resources),
        ]
        if !statement.conditions.isEmpty {
            var operations: [String] = []
            for condition in statement.conditions where !operations.contains(condition.operation) {
                operations.append(condition.operation)
            }
            var lines = ["\"Condition\": {"]
            for (index, operation) in operations.enumerated() {
                let entries = statement.conditions.filter { $0.operation == operation }
                lines.append("  \(JSONText.quoted(operation)): {")
                for (entryIndex, entry) in entries.enumerated() {
                    var entryLines = list(entry.key, entry.values).map { "    " + $0 }
                    if entryIndex < entries.count - 1 { entryLines[entryLines.count - 1] += "," }
                    lines += entryLines
                }
                lines.append(index < operations.count - 1 ? "  }," : "  }")
            }
            lines.append("}")
            fields.append(lines)
        }
        var lines = ["{"]
        for (index, field) in fields.enumerated() {
            var indented = field.map { "  " + $0 }
            if index < fields.count - 1 { indented[indented.count - 1] += "," }
            lines += indented
        }
        lines.append("}")
        return lines
    }

    /// `"key": "value"` for one value, else a list with one item per line.
    private static func list(_ key: String, _ values: [String]) -> [String] {
        if values.count == 1 { return ["\(JSONText.quoted(key)): \(JSONText.quoted(values[0]))"] }
        let items = values.enumerated().map {
            "  \(JSONText.quoted($0.element))" + ($0.offset < values.count - 1 ? "," : "")
        }
        return ["\(JSONText.quoted(key)): ["] + items + ["]"]
    }
}
