/// Decodes `Decodable` values from a ``YAMLNode`` tree (status files): scalars by their text, mappings by key
/// (unknown keys ignored, the last duplicate winning), sequences in order. Every node visited is counted against
/// a budget, so a document whose aliases expand exponentially fails instead of running on.
public struct YAMLNodeDecoder {
    /// The most nodes one decoding visits.
    public var maxNodes = 1_000_000

    public init() {}

    public func decode<Value: Decodable>(_ type: Value.Type, from node: YAMLNode) throws -> Value {
        let budget = Budget(remaining: maxNodes)
        return try Value(from: NodeDecoder(node: node, codingPath: [], budget: budget))
    }

    final class Budget {
        var remaining: Int
        init(remaining: Int) { self.remaining = remaining }

        func charge(_ codingPath: [any CodingKey]) throws {
            remaining -= 1
            guard remaining >= 0 else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "too many nodes"))
            }
        }
    }
}

private struct NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let budget: YAMLNodeDecoder.Budget
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try budget.charge(codingPath)
        guard case .mapping(let mapping) = node else { throw mismatch([String: String].self) }
        var entries: [String: YAMLNode] = [:]
        for pair in mapping.pairs {
            if let key = pair.key.scalar?.string { entries[key] = pair.value }
        }
        return KeyedDecodingContainer(Keyed<Key>(entries: entries, codingPath: codingPath, budget: budget))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try budget.charge(codingPath)
        guard case .sequence(let sequence) = node else { throw mismatch([String].self) }
        return Unkeyed(elements: sequence.elements, codingPath: codingPath, budget: budget)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        try budget.charge(codingPath)
        return Single(node: node, codingPath: codingPath, budget: budget)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "unexpected YAML node"))
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [String: YAMLNode]
    let codingPath: [any CodingKey]
    let budget: YAMLNodeDecoder.Budget

    var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }

    private func node(_ key: Key) throws -> YAMLNode {
        guard let node = entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key"))
        }
        return node
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = entries[key.stringValue] else { return true }
        return node.scalar?.tag == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: superDecoder(forKey: key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try superDecoder(forKey: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try superDecoder(forKey: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "no super decoder"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: try node(key), codingPath: codingPath + [key], budget: budget)
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let elements: [YAMLNode]
    let codingPath: [any CodingKey]
    let budget: YAMLNodeDecoder.Budget
    var currentIndex = 0

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                YAMLNode.self, .init(codingPath: codingPath, debugDescription: "end of the list"))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(
            node: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)], budget: budget)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].scalar?.tag == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct Single: SingleValueDecodingContainer {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let budget: YAMLNodeDecoder.Budget

    func decodeNil() -> Bool { node.scalar?.tag == .null }

    private func text<T>(_ type: T.Type) throws -> String {
        guard let scalar = node.scalar else {
            throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "not a scalar"))
        }
        return scalar.string
    }

    private func parsed<T>(_ type: T.Type, _ parse: (String) -> T?) throws -> T {
        let text = try text(type)
        guard let value = parse(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "invalid \(type)"))
        }
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        try parsed(type) { $0 == "true" ? true : $0 == "false" ? false : nil }
    }
    func decode(_ type: String.Type) throws -> String { try text(type) }
    func decode(_ type: Double.Type) throws -> Double { try parsed(type) { Double($0) } }
    func decode(_ type: Float.Type) throws -> Float { try parsed(type) { Float($0) } }
    func decode(_ type: Int.Type) throws -> Int { try parsed(type) { Int($0) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try parsed(type) { Int8($0) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try parsed(type) { Int16($0) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try parsed(type) { Int32($0) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try parsed(type) { Int64($0) } }
    func decode(_ type: UInt.Type) throws -> UInt { try parsed(type) { UInt($0) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try parsed(type) { UInt8($0) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try parsed(type) { UInt16($0) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try parsed(type) { UInt32($0) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try parsed(type) { UInt64($0) } }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: NodeDecoder(node: node, codingPath: codingPath, budget: budget))
    }
}
