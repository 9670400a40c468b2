import Foundation

// MARK: - status/README.md

/// The Markdown table a person reads on the git host: one row per image, problems, copies in other accounts, update
/// branches, then the layering graph.
public enum StatusReadme {
    /// The README for `documents` (sorted by image).
    public static func render(_ documents: [StatusDocument]) -> String {
        var out = "# Image status\n\n"
        out += "Written by Kiln after each reconcile cycle; the details of each image are in `<image>.yaml`.\n\n"
        guard !documents.isEmpty else { return out + "No images are managed.\n" }
        out += "| Image | Desired version | State | AMI per region | Last change |\n"
        out += "|---|---|---|---|---|\n"
        for document in documents.sorted(by: { $0.image < $1.image }) {
            let desired = document.desiredVersion ?? "—"
            let amis = document.versions.first { $0.version == document.desiredVersion }?.regions
                .map { "\($0.region): `\($0.ami)`" + ($0.state == "available" ? "" : " (\($0.state))") }
                .joined(separator: "<br>")
            let since = document.conditions.first { $0.type == document.state }?.since ?? "—"
            let cells = [
                "[\(escape(document.image))](\(document.image).yaml)", escape(desired), state(document),
                amis.map { $0.isEmpty ? "—" : $0 } ?? "—", since,
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        let problems = documents.sorted { $0.image < $1.image }.compactMap { document in
            document.lastError.map { "- **\(escape(document.image))**: \(escape($0.message)) (since \($0.since))" }
        }
        if !problems.isEmpty {
            out += "\n## Problems\n\n" + problems.joined(separator: "\n") + "\n"
        }
        out += accountCopies(documents)
        out += updateBranches(documents)
        out += "\n## Layering\n\nEach arrow goes from a base image to an image built on it (`spec.source.image`).\n\n"
        out += LayeringGraph.mermaid(documents.map { ($0.image, $0.base, $0.state) })
        return out
    }

    private static func state(_ document: StatusDocument) -> String {
        let marks = [
            "Ready": "✅", "Baking": "🔥", "RollingOut": "🚚", "Waiting": "⏳", "Failed": "❌",
            "Stalled": "🛑", "Drift": "⚠️", "Retired": "💤",
        ]
        return [marks[document.state], document.state].compactMap { $0 }.joined(separator: " ")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
