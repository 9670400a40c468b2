// MARK: - spec.provision, spec.test, spec.cleanup

extension ManifestDecoder {
    static let stepKeys = ["name", "run", "timeout"]
    static let cleanupKeys = ["mode", "steps"]

    /// A list of steps; `nil` when the list or any step is invalid.
    mutating func decodeSteps(_ node: Node, _ path: String, nonEmpty: Bool) -> [Step]? {
        guard let elements = list(node, path) else { return nil }
        if nonEmpty, elements.isEmpty {
            error(node, "'\(path)' must have at least one step")
            return nil
        }
        var steps: [Step] = []
        var valid = true
        for (elementPath, element) in elements {
            if let step = decodeStep(element, elementPath) {
                steps.append(step)
            } else {
                valid = false
            }
        }
        return valid ? steps : nil
    }

    private mutating func decodeStep(_ node: Node, _ path: String) -> Step? {
        guard let step = mapping(node, path, keys: Self.stepKeys) else { return nil }
        let name = require(step, "name").flatMap { string($0, step.child("name"), rule: .stepName) }
        if let name, let nameNode = step["name"] {
            if let first = stepNames[name] {
                error(nameNode, "'\(step.child("name"))': duplicate step name '\(name)'")
                note(first, "step '\(name)' is first defined here")
            } else {
                stepNames[name] = location(nameNode)
            }
        }
        let runNode = require(step, "run")
        let run = runNode.flatMap { nonEmptyString($0, step.child("run")) }
        let timeout = step["timeout"].flatMap { duration($0, step.child("timeout")) } ?? .minutes(10)
        guard let name, let run, let runNode else { return nil }
        return Step(
            name: name, run: run, timeout: timeout, location: location(node), script: scriptOrigin(runNode, run))
    }

    /// Where a script's first character is written, and how its lines map.
    func scriptOrigin(_ node: Node, _ run: String) -> ScriptOrigin {
        let value = location(node)
        guard case .scalar(let scalar) = node else {
            return ScriptOrigin(start: value, value: value, mapping: .approximate)
        }
        let lineIndex = value.line - 1
        switch scalar.style {
        case .literal:
            let content = document.lines.dropFirst(lineIndex + 1).first { $0.contains { $0 != " " && $0 != "\r" } }
            let indent = content.map { $0.prefix { $0 == " " }.count } ?? 0
            let start = SourceLocation(file: file, line: value.line + 1, column: indent + 1)
            return ScriptOrigin(start: start, value: value, mapping: .lineForLine)
        case .plain, .singleQuoted, .doubleQuoted:
            var start = value
            if scalar.style != .plain { start.column += 1 }
            guard lineIndex < document.lines.count, !run.contains("\n") else { break }
            if Self.writtenLine(document.lines[lineIndex], from: start.column, startsWith: run) {
                return ScriptOrigin(start: start, value: value, mapping: .singleLine)
            }
        default:
            break
        }
        return ScriptOrigin(start: value, value: value, mapping: .approximate)
    }

    /// Whether `line` from Unicode scalar `column` (1-based) starts with `run`, compared as `String.hasPrefix` does;
    /// by bytes when both are ASCII (the usual case), where every `Character` is one byte (no LF is in either).
    static func writtenLine(_ line: Substring, from column: Int, startsWith run: String) -> Bool {
        let lineBytes = line.utf8
        if lineBytes.allSatisfy({ $0 < 0x80 }), run.utf8.allSatisfy({ $0 < 0x80 }) {
            return lineBytes.dropFirst(column - 1).starts(with: run.utf8)
        }
        let written = line.unicodeScalars.dropFirst(column - 1)
        return String(String.UnicodeScalarView(written)).hasPrefix(run)
    }

    mutating func decodeCleanup(_ node: Node, _ path: String) -> Cleanup? {
        switch node {
        case .scalar:
            return choice(node, path, as: CleanupMode.self).map { Cleanup(mode: $0) }
        case .mapping:
            guard let cleanup = mapping(node, path, keys: Self.cleanupKeys) else { return nil }
            let mode = cleanup["mode"].flatMap { choice($0, cleanup.child("mode"), as: CleanupMode.self) } ?? .standard
            let steps = cleanup["steps"].flatMap { decodeSteps($0, cleanup.child("steps"), nonEmpty: false) } ?? []
            return Cleanup(mode: mode, steps: steps)
        default:
            typeError(node, path, expected: "'standard', 'none' or a mapping with 'mode' and 'steps'")
            return nil
        }
    }
}
