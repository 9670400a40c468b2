// MARK: - What an XML answer may be before it reaches the parser

extension AWSXML {
    /// A body refused before parsing; `reason` is a short sentence.
    struct Rejected: Error {
        var reason: String
    }

    /// The deepest element nesting accepted: AWS answers nest about a dozen levels. XMLCoder walks the element tree
    /// recursively, with large frames in a debug build, on whichever thread decodes the answer (the concurrency
    /// pool's, in the daemon), so the limit keeps a wide margin below any thread's stack.
    static let maxDepth = 64

    /// Why `body` must not be handed to the XML parser, or nil when it may.
    ///
    /// Foundation's `XMLParser` on Linux traps on element names that are not UTF-8, and AWS never sends a
    /// document type declaration (whose entities could expand or smuggle in nesting), so such bodies are refused.
    static func rejection(of body: [UInt8]) -> String? {
        guard String(validating: body, as: UTF8.self) != nil else { return "the response is not UTF-8" }
        var scanner = DepthScanner(body)
        switch scanner.run() {
        case .doctype: return "the response has a document type declaration"
        case .tooDeep: return "the response nests more than \(maxDepth) elements deep"
        case .acceptable: return nil
        }
    }

    /// Counts element nesting, skipping comments, CDATA, processing instructions and quoted attribute values.
    private struct DepthScanner {
        enum Outcome { case acceptable, doctype, tooDeep }

        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func run() -> Outcome {
            var depth = 0
            while let open = find(UInt8(ascii: "<")) {
                index = open + 1
                switch byte(at: index) {
                case UInt8(ascii: "/"):
                    // Only a closing tag that ends in `>` closes an element.
                    while index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "<") {
                        index += 1
                    }
                    if byte(at: index) == UInt8(ascii: ">") { depth = max(0, depth - 1) }
                case UInt8(ascii: "?"):
                    skip(past: "?>")
                case UInt8(ascii: "!"):
                    if starts(with: "!--") {
                        skip(past: "-->")
                    } else if starts(with: "![CDATA[") {
                        skip(past: "]]>")
                    } else {
                        return .doctype
                    }
                default:
                    if !skipTag() { depth += 1 }
                    if depth > maxDepth { return .tooDeep }
                }
            }
            return .acceptable
        }

        private func byte(at offset: Int) -> UInt8? {
            offset < bytes.count ? bytes[offset] : nil
        }

        private func find(_ target: UInt8) -> Int? {
            bytes[index...].firstIndex(of: target)
        }

        private func starts(with text: String) -> Bool {
            bytes[index...].starts(with: text.utf8)
        }

        private mutating func skip(past text: String) {
            let pattern = Array(text.utf8)
            while index < bytes.count, !bytes[index...].starts(with: pattern) { index += 1 }
            index = min(bytes.count, index + pattern.count)
        }

        /// Skips an opening tag, quoted attribute values included; whether it closed itself (`/>`).
        ///
        /// A quote opens a value only after `=`; a `<` ends the tag (it is never allowed in a value), so that every
        /// `<name` of the body is counted.
        private mutating func skipTag() -> Bool {
            var quote: UInt8?
            var afterEquals = false
            while index < bytes.count {
                let current = bytes[index]
                if current == UInt8(ascii: "<") { return false }
                index += 1
                if let open = quote {
                    if current == open { quote = nil }
                } else if afterEquals, current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    quote = current
                } else if current == UInt8(ascii: ">") {
                    return index >= 2 && bytes[index - 2] == UInt8(ascii: "/")
                }
                if quote == nil, current != 0x20, current != 0x09, current != 0x0A, current != 0x0D {
                    afterEquals = current == UInt8(ascii: "=")
                }
            }
            return false
        }
    }
}
