import Foundation

// MARK: - status/README.md: update branches

extension StatusReadme {
    /// `## Update branches`: one row per image with an update branch; empty when there is none.
    static func updateBranches(_ documents: [StatusDocument]) -> String {
        let rows = documents.sorted { $0.image < $1.image }.compactMap { document -> String? in
            guard let update = document.updateBranch else { return nil }
            let version = [update.currentVersion, update.proposedVersion].compactMap { $0 }
            let cells = [
                cell(document.image), "`\(cell(update.branch))`",
                cell(update.state + (update.reason.map { ": " + $0 } ?? "")),
                version.isEmpty ? "—" : cell(version.joined(separator: " → ")), cell(update.sourceChange ?? "—"),
                update.commit.map { "`\($0.prefix(12))`" } ?? "—",
            ]
            return "| " + cells.joined(separator: " | ") + " |"
        }
        guard !rows.isEmpty else { return "" }
        return "\n## Update branches\n\nVersion bumps Kiln proposes for review when a source moves; `left` branches "
            + "hold commits not made by Kiln, which Kiln never moves or deletes.\n\n"
            + "| Image | Branch | State | Version | Source | Commit |\n|---|---|---|---|---|---|\n"
            + rows.joined(separator: "\n") + "\n"
    }

    /// `text` fit for one table cell: `|` escaped, newlines as spaces.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
