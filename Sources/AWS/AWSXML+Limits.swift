import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

// MARK: - What an XML answer may be before it reaches the decoder

extension AWSXML {
    /// A body refused before decoding; `reason` is a short sentence.
    struct Rejected: Error {
        var reason: String
    }

    /// The deepest element nesting accepted: AWS answers nest about a dozen levels. The decoder walks the element tree
    /// recursively, with large frames in a debug build, on whichever thread decodes the answer (the concurrency
    /// pool's, in the daemon), so the limit keeps a wide margin below any thread's stack.
    static let maxDepth = 64

    /// Why `body` must not be handed to the decoder, or nil when it may.
    ///
    /// Foundation's `XMLParser` on Linux traps on element names that are not UTF-8, and AWS never sends a document
    /// type declaration (whose entities could expand or smuggle in nesting) nor another encoding than UTF-8, so
    /// such bodies are refused. Nesting is measured by a first pass of the very parser the decoder runs (the same
    /// `XMLParser` settings, so the same libxml2 tokenizer in the same recovery mode): comments, CDATA, processing
    /// instructions, odd quotes, malformed tags and recovered errors count exactly as they will for the decoder,
    /// and the pass stops as soon as the limit is passed.
    static func rejection(of body: [UInt8]) -> String? {
        guard String(validating: body, as: UTF8.self) != nil else { return "the response is not UTF-8" }
        if let encoding = declaredEncoding(of: body), !["utf-8", "utf8"].contains(encoding.lowercased()) {
            return "the response declares an encoding other than UTF-8"
        }
        if contains(body, "<!DOCTYPE") || contains(body, "<!ENTITY") {
            return "the response has a document type declaration"
        }
        switch DepthProbe.measure(body, limit: maxDepth) {
        case .tooDeep: return "the response nests more than \(maxDepth) elements deep"
        case .declaration: return "the response has a document type declaration"
        case .acceptable: return nil
        }
    }

    /// The `encoding` named by the XML declaration that opens `body` (after an optional byte-order mark); an
    /// unreadable one is returned as written, so that it is refused.
    static func declaredEncoding(of body: [UInt8]) -> String? {
        let start = body.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard body[start...].starts(with: Array("<?xml".utf8)) else { return nil }
        let rest = body[start...]
        let end = rest.indices.first { rest[$0...].starts(with: Array("?>".utf8)) } ?? rest.endIndex
        let declaration = String(decoding: rest[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let value = declaration[range.upperBound...].drop {
            $0 == " " || $0 == "=" || $0 == "\t" || $0 == "\r" || $0 == "\n"
        }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return String(value) }
        return String(value.dropFirst().prefix { $0 != quote })
    }

    private static func contains(_ body: [UInt8], _ text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard body.count >= pattern.count else { return false }
        var index = body.startIndex
        while let found = body[index...].firstIndex(of: pattern[0]) {
            if body[found...].starts(with: pattern) { return true }
            index = found + 1
        }
        return false
    }
}

// MARK: - The depth probe

/// Counts element depth as `XMLParser`'s delegate, the way ``XMLNode``'s tree builder does (a start pushes, an end
/// pops), and aborts the parse at the first element past the limit or the first declaration of a DTD.
private final class DepthProbe: NSObject, XMLParserDelegate {
    enum Outcome { case acceptable, tooDeep, declaration }

    private let limit: Int
    private var depth = 0
    private(set) var outcome = Outcome.acceptable

    private init(limit: Int) {
        self.limit = limit
    }

    /// Parses `body` as ``XMLNode/parse(_:)`` will (namespaces not processed, external entities not resolved).
    static func measure(_ body: [UInt8], limit: Int) -> Outcome {
        let probe = DepthProbe(limit: limit)
        let parser = XMLParser(data: Data(body))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = probe
        _ = parser.parse()
        parser.delegate = nil
        return probe.outcome
    }

    private func stop(_ parser: XMLParser, _ outcome: Outcome) {
        guard self.outcome == .acceptable else { return }
        self.outcome = outcome
        parser.abortParsing()
    }

    func parserDidStartDocument(_ parser: XMLParser) {
        depth = 0
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if depth > limit { stop(parser, .tooDeep) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth = max(0, depth - 1)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        stop(parser, .declaration)
    }

    func parser(
        _ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?
    ) {
        stop(parser, .declaration)
    }

    func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
        stop(parser, .declaration)
    }

    func parser(
        _ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String,
        type: String?, defaultValue: String?
    ) {
        stop(parser, .declaration)
    }
}
