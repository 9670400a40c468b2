import Foundation
import Redaction

// MARK: - HTML pieces

/// Server-rendered HTML: every value is redacted, then escaped; no script is needed to read the page.
enum StatusPageHTML {
    /// `text` redacted (`Redaction`), then HTML-escaped (also safe inside quoted attributes).
    static func h(_ text: String?) -> String {
        guard let text else { return "—" }
        var out = ""
        for character in Redaction.redact(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole document: title, the page's CSS, `body`, and with a `version` (the status commit and last cycle)
    /// the script that reloads the page when `/api/status` reports another.
    static func document(title: String, body: String, version: String?) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(title))</title>
        <style>\(StatusPageStyle.css)</style>
        </head>
        <body data-version="\(h(version ?? ""))">
        \(body)
        \(version == nil ? "" : StatusPageStyle.refreshScript)
        </body>
        </html>

        """
    }

    /// A state with its colour class and its name as text (colour is never the only signal).
    static func state(_ state: String) -> String {
        "<span class=\"state s-\(h(state.lowercased()))\">\(StatusPageStyle.mark(state)) \(h(state))</span>"
    }

    /// `3d 4h`, `12m 5s`: a duration for people.
    static func duration(_ seconds: Int?) -> String {
        guard let seconds else { return "—" }
        let (days, hours, minutes) = (seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(seconds % 60)s" }
        return "\(seconds)s"
    }

    /// A `<dl>` of label and value pairs (values already HTML).
    static func definitions(_ rows: [(String, String)]) -> String {
        "<dl>" + rows.map { "<dt>\(h($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    /// A table with a caption, column headings and rows whose first cell heads the row (cells already HTML).
    static func table(caption: String, columns: [String], rows: [[String]]) -> String {
        var out = "<div class=\"scroll\"><table><caption>\(h(caption))</caption><thead><tr>"
        out += columns.map { "<th scope=\"col\">\(h($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                out += index == 0 ? "<th scope=\"row\">\(cell)</th>" : "<td>\(cell)</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// A short commit id in `<code>`.
    static func commit(_ hex: String?) -> String {
        hex.map { "<code>\(h(String($0.prefix(12))))</code>" } ?? "—"
    }
}
