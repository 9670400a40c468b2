import Foundation

/// Decodes a `Decodable` shape from an ``XMLNode`` tree, the way AWS answers are laid out: an element's children are
/// its members, matched to coding keys by ``WireName/memberName(_:)``; a repeated child (`<item>`, `<member>`) is a
/// list; a leaf's text is a value. A member that is missing, or an element with neither text nor children, is nil.
struct XMLTreeDecoder: Decoder {
    /// The elements this value is read from: one for a structure or a value, every repetition for a list.
    let nodes: [XMLNode]
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes `type` from the members of `root`.
    static func decode<Value: Decodable>(_ type: Value.Type, from root: XMLNode) throws -> Value {
        try XMLTreeDecoder(nodes: [root], codingPath: []).decodeValue(type)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(XMLKeyedContainer<Key>(node: try single(), codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        XMLUnkeyedContainer(nodes: nodes, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        XMLValueContainer(node: try single(), codingPath: codingPath)
    }

    /// The one element a structure or a value is read from.
    private func single() throws -> XMLNode {
        guard let node = nodes.first else {
            throw DecodingError.valueNotFound(
                XMLNode.self, .init(codingPath: codingPath, debugDescription: "no element"))
        }
        return node
    }

    /// A date is read from its text (ISO 8601, with or without fractional seconds); anything else decodes itself.
    func decodeValue<Value: Decodable>(_ type: Value.Type) throws -> Value {
        guard type == Date.self else { return try Value(from: self) }
        let text = try single().text
        guard let date = AWSXML.parseDate(text) as? Value else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
        }
        return date
    }
}

// MARK: - Structures

private struct XMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: XMLNode
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        var seen = Set<String>()
        return node.children.compactMap { child in
            let name = WireName.memberName(child.name)
            guard seen.insert(name).inserted else { return nil }
            return Key(stringValue: name)
        }
    }

    /// Every child whose wire name is `key`'s member name, in document order.
    private func children(_ key: Key) -> [XMLNode] {
        node.children.filter { WireName.memberName($0.name) == key.stringValue }
    }

    private func decoder(_ key: Key) throws -> XMLTreeDecoder {
        let found = children(key)
        guard !found.isEmpty else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue).")
            )
        }
        return XMLTreeDecoder(nodes: found, codingPath: codingPath + [key])
    }

    func contains(_ key: Key) -> Bool {
        node.children.contains { WireName.memberName($0.name) == key.stringValue }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let first = children(key).first else { return true }
        return first.children.isEmpty && first.text.isEmpty
    }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try decoder(key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        XMLTreeDecoder(nodes: [node], codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try decoder(key)
    }
}

// MARK: - Lists

private struct XMLUnkeyedContainer: UnkeyedDecodingContainer {
    let nodes: [XMLNode]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(nodes: [XMLNode], codingPath: [any CodingKey]) {
        self.nodes = nodes
        self.codingPath = codingPath
    }

    var count: Int? { nodes.count }
    var isAtEnd: Bool { currentIndex >= nodes.count }

    private mutating func next() throws -> XMLTreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                XMLNode.self, .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return XMLTreeDecoder(nodes: [nodes[currentIndex]], codingPath: codingPath + [WireIndex(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return true }
        let node = nodes[currentIndex]
        guard node.children.isEmpty, node.text.isEmpty else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try next().decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
    }
}

/// The position of an element in a list, as a coding key.
private struct WireIndex: CodingKey {
    let intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

// MARK: - Values

private struct XMLValueContainer: SingleValueDecodingContainer {
    let node: XMLNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        node.children.isEmpty && node.text.isEmpty
    }

    func decode(_ type: String.Type) throws -> String { node.text }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch node.text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw mismatch(type)
        }
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try XMLTreeDecoder(nodes: [node], codingPath: codingPath).decodeValue(type)
    }

    private func number<Number: LosslessStringConvertible>(_ type: Number.Type) throws -> Number {
        guard let value = Number(node.text) else { throw mismatch(type) }
        return value
    }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected \(type)."))
    }
}
