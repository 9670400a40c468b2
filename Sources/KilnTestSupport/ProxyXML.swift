import Foundation

/// Just enough XML handling to read and patch moto's query-protocol responses.
///
/// moto writes compact, attribute-free XML; the helpers rely on that and never reformat a document.
enum ProxyXML {
    /// Escapes text for an element's content.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Reverses ``escape(_:)``.
    static func unescape(_ text: some StringProtocol) -> String {
        String(text)
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text of the first `<tag>...</tag>` in `xml`.
    static func value(of tag: String, in xml: some StringProtocol) -> String? {
        guard let open = xml.range(of: "<\(tag)>"),
            let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return unescape(xml[open.upperBound..<close.lowerBound])
    }

    /// The texts of every `<tag>...</tag>` in `xml`, in order.
    static func values(of tag: String, in xml: some StringProtocol) -> [String] {
        var found: [String] = []
        var cursor = xml.startIndex
        while let open = xml.range(of: "<\(tag)>", range: cursor..<xml.endIndex),
            let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex)
        {
            found.append(unescape(xml[open.upperBound..<close.lowerBound]))
            cursor = close.upperBound
        }
        return found
    }

    /// Calls `transform` with each direct `<item>` child of every `<set>` element; a non-nil result
    /// replaces the item (an empty string removes it).
    static func rewriteItems(in xml: String, set: String, _ transform: (String) -> String?) -> String {
        let bytes = Array(xml.utf8)
        let open = Array("<\(set)>".utf8)
        let itemOpen = Array("<item>".utf8)
        let itemEmpty = Array("<item/>".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        var changed = false
        while let range = bytes[cursor...].firstRange(of: open) {
            output += bytes[cursor..<range.upperBound]
            var position = range.upperBound
            while true {
                while position < bytes.count,
                    bytes[position] == 0x20 || bytes[position] == 0x0A
                        || bytes[position] == 0x0D || bytes[position] == 0x09
                {
                    output.append(bytes[position])
                    position += 1
                }
                if bytes[position...].starts(with: itemEmpty) {
                    output += itemEmpty
                    position += itemEmpty.count
                    continue
                }
                guard bytes[position...].starts(with: itemOpen), let end = itemEnd(bytes, from: position) else {
                    break
                }
                let item = String(decoding: bytes[position..<end], as: UTF8.self)
                if let replacement = transform(item) {
                    output += Array(replacement.utf8)
                    changed = true
                } else {
                    output += bytes[position..<end]
                }
                position = end
            }
            cursor = position
        }
        guard changed else { return xml }
        output += bytes[cursor...]
        return String(decoding: output, as: UTF8.self)
    }

    /// The index just past the `</item>` that closes the `<item>` at `start`.
    private static func itemEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        let itemOpen = Array("<item>".utf8)
        let itemClose = Array("</item>".utf8)
        var depth = 0
        var index = start
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if bytes[index...].starts(with: itemOpen) {
                depth += 1
                index += itemOpen.count
            } else if bytes[index...].starts(with: itemClose) {
                depth -= 1
                index += itemClose.count
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return nil
    }

    /// An EC2/AutoScaling timestamp: `2026-01-02T03:04:05.000Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .current)
        )
    }

    /// A query-protocol success response: `<ActionResponse><ActionResult>result</ActionResult><ResponseMetadata>`.
    static func queryResponse(action: String, service: String, result: String) -> ProxiedResponse {
        let namespace = ProxiedResponse.xmlNamespaces[service].map { " xmlns=\"\($0)\"" } ?? ""
        return .xml(
            """
            <\(action)Response\(namespace)><\(action)Result>\(result)</\(action)Result>\
            <ResponseMetadata><RequestId>\(UUID().uuidString.lowercased())</RequestId></ResponseMetadata>\
            </\(action)Response>
            """)
    }

    /// An EC2 success response: `<ActionResponse><requestId/>body</ActionResponse>`.
    static func ec2Response(action: String, body: String) -> ProxiedResponse {
        let namespace = ProxiedResponse.xmlNamespaces["ec2"] ?? ""
        return .xml(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <\(action)Response xmlns="\(namespace)"><requestId>\(UUID().uuidString.lowercased())</requestId>\
            \(body)</\(action)Response>
            """)
    }
}
