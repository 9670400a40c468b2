import Foundation
import Manifest
import Planner
import Redaction

// MARK: - Plan output: text, Markdown, JSON

extension CycleReport {
    /// The plan for a terminal: one line per action, notes, what is missing, problems, diagnostics; redacted.
    public var planText: String {
        var out = "kiln plan at \(commit.map { String($0.prefix(12)) } ?? "?") (owner \(owner))"
        if !regions.isEmpty { out += ", regions \(regions.joined(separator: ", "))" }
        out += "\n"
        if let plan { out += plan.redacted.text }
        for resource in missing { out += "missing: \(resource)\n" }
        for issue in issues where !issue.isMissingResource { out += "\(issue.category.rawValue): \(issue.summary)\n" }
        for diagnostic in diagnostics { out += "\(diagnostic)\n" }
        for update in updates { out += update.line + "\n" }
        out += summaryLine + "\n"
        return Redaction.redact(out)
    }

    /// A pull-request comment: the planner's tables, then what is missing and the problems; redacted.
    public var planMarkdown: String {
        var out = plan?.redacted.markdown ?? "### Kiln plan: not made\n\n"
        if !missing.isEmpty {
            out += "\n#### Missing in AWS\n\n"
            for resource in missing { out += "- \(Self.escape(resource.description))\n" }
        }
        let problems = issues.filter { !$0.isMissingResource }
        if !problems.isEmpty {
            out += "\n#### Problems\n\n| Kind | Reason | What |\n|---|---|---|\n"
            for issue in problems {
                out += "| \(issue.category.rawValue) | `\(issue.reason.rawValue)` | \(Self.escape(issue.summary)) |\n"
            }
        }
        let errors = diagnostics.filter { $0.severity != .note }
        if !errors.isEmpty {
            out += "\n#### Manifest diagnostics\n\n```\n"
            for diagnostic in diagnostics { out += "\(diagnostic)\n" }
            out += "```\n"
        }
        let at = commit.map { "`\($0.prefix(12))`" } ?? "an unknown commit"
        out += "\n<sub>\(summaryLine) · commit \(at) · owner `\(owner)`</sub>\n"
        return Redaction.redact(out)
    }

    /// The plan as one JSON document (sorted keys, ISO 8601 dates), every string redacted.
    public func planJSON() throws -> Data {
        let document = PlanDocument(
            commit: commit, owner: owner, regions: regions, hasChanges: hasChanges, converged: isConverged,
            plan: plan, missing: missing, issues: issues, diagnostics: diagnostics)
        return Redaction.redactJSON(try Self.encoder.encode(document))
    }

    /// The whole report as one JSON document, every string redacted.
    public func json() throws -> Data {
        Redaction.redactJSON(try Self.encoder.encode(self))
    }

    /// `3 actions, 1 missing, 0 problems`.
    public var summaryLine: String {
        func count(_ number: Int, _ word: String) -> String { "\(number) \(word)\(number == 1 ? "" : "s")" }
        let actions = plan?.actions.count ?? 0
        let problems = issues.count { !$0.isMissingResource }
        return "\(count(actions, "action")), \(missing.count) missing, \(count(problems, "problem"))"
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// The JSON document `kiln plan --output json` prints.
struct PlanDocument: Encodable {
    var commit: String?
    var owner: String
    var regions: [String]
    var hasChanges: Bool
    var converged: Bool
    var plan: Plan?
    var missing: [MissingResource]
    var issues: [CycleIssue]
    var diagnostics: [Diagnostic]
}

extension CycleIssue {
    /// Missing resources are listed on their own.
    var isMissingResource: Bool { reason.isMissingResource }

    /// `reason image (region): message`.
    var summary: String {
        var text = reason.rawValue
        if let image { text += " \(image)" }
        if let region { text += " (\(region))" }
        if let location { text += " at \(location)" }
        return text + ": " + message
    }
}

extension Plan {
    /// The plan with every string redacted (reasons, messages, failures' output), so that its renderings
    /// redact each value before it is escaped or cut; the plan itself when it cannot be copied.
    var redacted: Plan {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .deferredToDate
        guard let data = try? encoder.encode(self),
            let copy = try? JSONDecoder().decode(Plan.self, from: Redaction.redactJSON(data))
        else { return self }
        return copy
    }
}
