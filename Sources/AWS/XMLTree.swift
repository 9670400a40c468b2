import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An element of an XML answer: its name as written, its text with surrounding white space removed, and its child
/// elements in document order. Attributes, comments and processing instructions are not kept: no AWS answer Kiln
/// reads carries a value in them.
///
/// The tree of a page of 250 AMIs takes under 2 MB, a fifth of what XMLCoder's element tree and boxes took for the
/// same page (then the largest single part of the daemon's heap peak).
struct XMLNode: Sendable, Equatable {
    var name: String
    var text: String
    var children: [XMLNode]

    /// Parses `body` with the same `XMLParser` settings as the depth probe (namespaces not processed, external
    /// entities not resolved), so what ``AWSXML/rejection(of:)`` accepted is what is built here.
    static func parse(_ body: [UInt8]) throws -> XMLNode {
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(body))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        parser.delegate = nil
        guard parsed, let root = builder.root else {
            let reason = parser.parserError.map { " (\($0.localizedDescription))" } ?? ""
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [], debugDescription: "The given data was not valid XML\(reason).",
                    underlyingError: parser.parserError))
        }
        return root
    }
}

/// Builds an ``XMLNode`` tree from `XMLParser`'s events: a start pushes an element, text is appended to the
/// innermost one, an end pops it into its parent.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    private var open: [XMLNode] = []
    private(set) var root: XMLNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        open.append(XMLNode(name: elementName, text: "", children: []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var node = open.popLast() else { return }
        node.text = Self.trimmed(node.text)
        if open.isEmpty {
            root = node
        } else {
            open[open.count - 1].children.append(node)
        }
    }

    /// `text` without leading and trailing white space (Unicode's, as XMLCoder trimmed it).
    private static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        else { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
