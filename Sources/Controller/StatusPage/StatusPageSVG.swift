import Foundation

// MARK: - Pictures without JavaScript

enum StatusPageSVG {
    /// The layering graph: one column per dependency depth, one box per image with its name and state, an arrow
    /// from each base to the images built on it. Each box links to the image's page.
    static func layering(_ images: [StatusPageImage]) -> String {
        guard !images.isEmpty else { return "" }
        let (width, height, gapX, gapY, margin) = (190, 46, 70, 18, 10)
        var columns: [Int: [StatusPageImage]] = [:]
        for image in images.sorted(by: { $0.name < $1.name }) { columns[image.depth, default: []].append(image) }
        var position: [String: (x: Int, y: Int)] = [:]
        for (depth, column) in columns {
            for (row, image) in column.enumerated() {
                position[image.name] = (margin + depth * (width + gapX), margin + row * (height + gapY))
            }
        }
        let total = (
            margin * 2 + ((columns.keys.max() ?? 0) + 1) * (width + gapX) - gapX,
            margin * 2 + (columns.values.map(\.count).max() ?? 1) * (height + gapY) - gapY
        )
        let h = StatusPageHTML.h
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(total.0) \(total.1)" width="\(total.0)" \
            height="\(total.1)" role="img" aria-labelledby="layering-title">
            <title id="layering-title">Layering graph: each arrow goes from a base image to an image built on it</title>
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto"><path d="M0,0L10,5L0,10z" fill="#57606a"/></marker></defs>

            """
        for image in images {
            guard let base = image.base, let from = position[base], let to = position[image.name] else { continue }
            out += "<line x1=\"\(from.x + width)\" y1=\"\(from.y + height / 2)\" x2=\"\(to.x)\" "
            out += "y2=\"\(to.y + height / 2)\" stroke=\"#57606a\" marker-end=\"url(#arrow)\"/>\n"
        }
        for image in images {
            guard let at = position[image.name] else { continue }
            let state = image.status?.state ?? "Unknown"
            let version = image.status?.desiredVersion ?? "—"
            out += "<a href=\"/images/\(h(image.name))\"><g><title>\(h(image.name)): \(h(state))</title>"
            out += "<rect x=\"\(at.x)\" y=\"\(at.y)\" width=\"\(width)\" height=\"\(height)\" rx=\"6\" "
            out += "fill=\"\(StatusPageStyle.colour(state))\" stroke=\"#57606a\"/>"
            out += "<text x=\"\(at.x + 8)\" y=\"\(at.y + 19)\" font-weight=\"600\">"
            out += "\(h(String(image.name.prefix(24))))</text>"
            out += "<text x=\"\(at.x + 8)\" y=\"\(at.y + 37)\">\(StatusPageStyle.mark(state)) \(h(state)) · "
            out += "\(h(String(version.prefix(14))))</text></g></a>\n"
        }
        return out + "</svg>"
    }

    /// An image's timeline: one marker per change, placed by time, labelled with its kind and version.
    static func timeline(_ events: [StatusPageEvent]) -> String {
        let dated = events.compactMap { event in StatusTime.date(event.at).map { (event, $0) } }
        guard let first = dated.first?.1, let last = dated.last?.1 else { return "" }
        let (width, rowHeight, left, right) = (760, 22, 12, 220)
        let span = max(last.timeIntervalSince(first), 1)
        let height = 40 + dated.count * rowHeight
        let h = StatusPageHTML.h
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" width="\(width)" \
            height="\(height)" role="img" aria-labelledby="timeline-title">
            <title id="timeline-title">Timeline of versions from \(h(StatusTime.text(first))) to \
            \(h(StatusTime.text(last)))</title>
            <line x1="\(left)" y1="20" x2="\(width - right)" y2="20" stroke="#57606a"/>
            <text x="\(left)" y="14" fill="#57606a">\(h(StatusTime.text(first)))</text>
            <text x="\(width - right)" y="14" text-anchor="end" fill="#57606a">\(h(StatusTime.text(last)))</text>

            """
        for (index, (event, date)) in dated.enumerated() {
            let x = left + Int(Double(width - right - left) * date.timeIntervalSince(first) / span)
            let y = 40 + index * rowHeight
            let state = ["ready": "Ready", "rolledOut": "Ready", "failed": "Failed", "desired": "Baking"][event.kind]
            out += "<line x1=\"\(x)\" y1=\"20\" x2=\"\(x)\" y2=\"\(y - 5)\" stroke=\"#d0d7de\"/>"
            out += "<circle cx=\"\(x)\" cy=\"\(y - 5)\" r=\"5\" fill=\"\(StatusPageStyle.colour(state ?? "Unknown"))\" "
            out += "stroke=\"#57606a\"/><text x=\"\(x + 9)\" y=\"\(y)\">\(h(event.kind)) \(h(event.version ?? ""))"
            out += "</text>\n"
        }
        return out + "</svg>"
    }
}
