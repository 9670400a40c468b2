import Foundation

// MARK: - Text, Markdown and JSON

extension Plan {
    /// One line per action (`+ bake attendance-api 1.4.2 in us-east-1: no AMI for this version`),
    /// then the notices.
    public var text: String {
        var lines = actions.map { "\($0.symbol) \($0.summary): \($0.reason)" }
        if lines.isEmpty { lines.append("no changes") }
        lines += notices.map { "note: \($0)" }
        if let cost, !cost.isEmpty { lines.append(cost.summary) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A pull-request comment: the actions table, then one row per image.
    public var markdown: String {
        var out = "### Kiln plan: \(actions.count) action\(actions.count == 1 ? "" : "s")\n\n"
        for notice in notices { out += "> **Note:** \(Self.cell(notice))\n\n" }
        if let cost, !cost.isEmpty { out += "> **Cost:** \(Self.cell(cost.summary))\n\n" }
        if actions.isEmpty {
            out += "No changes.\n\n"
        } else {
            out += "| | Action | Reason |\n|---|---|---|\n"
            for action in actions {
                out += "| `\(action.symbol)` | \(Self.cell(action.summary)) | \(Self.cell(action.reason)) |\n"
            }
            out += "\n"
        }
        if !images.isEmpty {
            out += "| Image | Desired | Conditions |\n|---|---|---|\n"
            for image in images {
                let conditions = image.conditions.map { "**\($0.type.rawValue)** \(Self.cell($0.message))" }
                out +=
                    "| \(Self.cell(image.name)) | \(image.desiredVersion?.description ?? "—") | "
                    + "\(conditions.joined(separator: "<br>")) |\n"
            }
        }
        return out
    }

    /// The plan as JSON: sorted keys, ISO 8601 dates, byte-for-byte stable.
    public func json() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Reads a plan written by `json()`.
    public static func fromJSON(_ data: Data) throws -> Plan {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Plan.self, from: data)
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Escapes a Markdown table cell.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
