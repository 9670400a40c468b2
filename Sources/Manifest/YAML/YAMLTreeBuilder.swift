import CLibYAML

/// Drives libyaml's parser over one buffer and assembles nodes from its events, without recursion.
struct YAMLTreeBuilder {
    private struct Frame {
        var isMapping: Bool
        /// Sequence elements, or mapping keys and values alternating.
        var nodes: [YAMLNode] = []
        var mark: YAMLMark
        var anchor: String?
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var duplicates = YAMLDuplicateFinder()

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads the stream: its first document, and the root of a second one if there is one.
    mutating func run() throws(YAMLReadError) -> YAMLEventReader.Result {
        // libyaml wants an input pointer even for no input; nothing holds no document.
        guard bytes.count > 0 else { return result(.empty) }
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            event.deallocate()
            parser.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else { throw .memory }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        var source = EventSource(parser: parser, event: event)
        defer { source.finish() }

        _ = try source.next()  // STREAM-START
        guard try source.next() != YAML_STREAM_END_EVENT else { return result(.empty) }
        var first = try source.next()
        let root = try node(from: &source, first: first)
        _ = try source.next()  // DOCUMENT-END
        guard source.streamEndProduced == false, try source.next() != YAML_STREAM_END_EVENT else {
            return result(.document(root))
        }
        first = try source.next()
        let second = try node(from: &source, first: first)
        return result(.multipleDocuments(second.mark ?? YAMLMark(line: 1, column: 1)))
    }

    private func result(_ stream: YAMLStream) -> YAMLEventReader.Result {
        YAMLEventReader.Result(stream: stream, duplicates: duplicates.found, shadowed: duplicates.shadowed)
    }

    /// Reads one complete node whose first event is current.
    private mutating func node(from source: inout EventSource, first: yaml_event_type_t) throws(YAMLReadError)
        -> YAMLNode
    {
        var type = first
        let base = stack.count
        while true {
            let event = source.event.pointee
            let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            var finished: YAMLNode?
            switch type {
            case YAML_SCALAR_EVENT:
                let scalar = Self.scalar(event, mark: mark)
                finished = .scalar(scalar)
                register(event.data.scalar.anchor, finished)
            case YAML_ALIAS_EVENT:
                let name = Self.string(event.data.alias.anchor) ?? ""
                guard let target = anchors[name] else {
                    throw .syntax(problem: "found undefined alias", mark: mark, context: nil)
                }
                finished = target
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count - base < YAMLEventReader.maxDepth else {
                    throw .syntax(
                        problem: "collections nested more than \(YAMLEventReader.maxDepth) levels deep",
                        mark: mark, context: nil)
                }
                let isMapping = type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                stack.append(Frame(isMapping: isMapping, mark: mark, anchor: Self.string(anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { throw .memory }
                finished = try close(frame)
            default:
                throw .syntax(problem: "unexpected event", mark: mark, context: nil)
            }
            if let node = finished {
                if stack.count == base { return node }
                stack[stack.count - 1].nodes.append(node)
            }
            type = try source.next()
        }
    }

    private mutating func close(_ frame: Frame) throws(YAMLReadError) -> YAMLNode {
        let node: YAMLNode
        if frame.isMapping {
            var pairs: [YAMLNode.Mapping.Pair] = []
            pairs.reserveCapacity(frame.nodes.count / 2)
            var index = 0
            while index + 1 < frame.nodes.count {
                pairs.append((frame.nodes[index], frame.nodes[index + 1]))
                index += 2
            }
            try duplicates.check(pairs, text: bytes)
            node = .mapping(YAMLNode.Mapping(pairs: pairs, mark: frame.mark))
        } else {
            node = .sequence(YAMLNode.Sequence(elements: frame.nodes, mark: frame.mark))
        }
        if let anchor = frame.anchor { anchors[anchor] = node }
        return node
    }

    private mutating func register(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode?) {
        guard let anchor, let node, let name = Self.string(anchor) else { return }
        anchors[name] = node
    }

    private static func scalar(_ event: yaml_event_t, mark: YAMLMark) -> YAMLNode.Scalar {
        let data = event.data.scalar
        let value = UnsafeBufferPointer(start: data.value, count: data.length)
        let tag: ScalarTag =
            if data.quoted_implicit == 1 {
                .string
            } else if let explicit = string(data.tag) {
                ScalarTag(explicit: explicit)
            } else {
                YAMLCoreSchema.resolve(value)
            }
        return YAMLNode.Scalar(
            string: String(decoding: value, as: UTF8.self), tag: tag, style: style(data.style), mark: mark)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.Scalar.Style {
        switch style {
        case YAML_PLAIN_SCALAR_STYLE: .plain
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .any
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

/// libyaml's parser, one event at a time; the current event stays valid until the next call.
private struct EventSource {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let event: UnsafeMutablePointer<yaml_event_t>
    private var holdsEvent = false

    init(parser: UnsafeMutablePointer<yaml_parser_t>, event: UnsafeMutablePointer<yaml_event_t>) {
        self.parser = parser
        self.event = event
    }

    var streamEndProduced: Bool { parser.pointee.stream_end_produced != 0 }

    mutating func next() throws(YAMLReadError) -> yaml_event_type_t {
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else { throw error() }
        holdsEvent = true
        return event.pointee.type
    }

    /// Releases the last event (the parser itself is deleted by its owner).
    mutating func finish() {
        if holdsEvent { yaml_event_delete(event) }
        holdsEvent = false
    }

    private func error() -> YAMLReadError {
        let state = parser.pointee
        func text(_ pointer: UnsafePointer<CChar>?) -> String? { pointer.map { String(cString: $0) } }
        func mark(_ mark: yaml_mark_t) -> YAMLMark {
            YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        let problem = text(state.problem) ?? "unknown problem"
        switch state.error {
        case YAML_READER_ERROR:
            return .reader(problem: problem, offset: Int(state.problem_offset))
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let context = text(state.context).map { (text: $0, mark: mark(state.context_mark)) }
            return .syntax(problem: problem, mark: mark(state.problem_mark), context: context)
        default:
            return .memory
        }
    }
}
