import Foundation

/// A list in an AWS XML response: `<tagSet><item>…</item></tagSet>` (EC2) or `<Tags><member>…</member></Tags>`
/// (query protocol). A missing or empty element decodes as an empty list.
///
/// Encodes as a plain array, so a type that is both read and sent (a launch configuration) keeps one shape.
@propertyWrapper
public struct XMLList<Element> {
    public var wrappedValue: [Element]

    public init(wrappedValue: [Element]) {
        self.wrappedValue = wrappedValue
    }
}

extension XMLList: Sendable where Element: Sendable {}
extension XMLList: Equatable where Element: Equatable {}
extension XMLList: Hashable where Element: Hashable {}

extension XMLList: Decodable where Element: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: WireKey.self)
        let key = container.allKeys.first { $0.stringValue == "item" || $0.stringValue == "member" }
        wrappedValue = try key.map { try container.decode([Element].self, forKey: $0) } ?? []
    }
}

extension XMLList: Encodable where Element: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

extension KeyedDecodingContainer {
    /// A missing list element is an empty list, not an error.
    public func decode<Element: Decodable>(_ type: XMLList<Element>.Type, forKey key: Key) throws -> XMLList<Element> {
        try decodeIfPresent(type, forKey: key) ?? XMLList(wrappedValue: [])
    }
}

extension KeyedEncodingContainer {
    /// An empty list is left out of a request.
    public mutating func encode<Element: Encodable>(_ value: XMLList<Element>, forKey key: Key) throws {
        guard !value.wrappedValue.isEmpty else { return }
        try encode(value.wrappedValue, forKey: key)
    }
}

// MARK: - Decoding responses

enum AWSXML {
    /// Decodes an answer: the root's members (EC2), or those of its `<ActionResult>` (query protocol). Members are
    /// matched by their wire names (see ``WireName``); dates are ISO 8601, with or without fractional seconds.
    static func decode<Output: Decodable>(
        _ type: Output.Type, from body: [UInt8], resultWrapped: Bool
    ) throws -> Output {
        if let reason = rejection(of: body) { throw Rejected(reason: reason) }
        let root = try XMLNode.parse(body)
        if resultWrapped {
            return try XMLTreeDecoder.decode(QueryResultEnvelope<Output>.self, from: root).result
        }
        return try XMLTreeDecoder.decode(Output.self, from: root)
    }

    static func parseDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? Date(trimmed, strategy: fractional)
    }
}
