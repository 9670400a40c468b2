import Foundation
import XMLCoder

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
    /// A decoder for AWS responses: members by their wire names (see ``WireName``), ISO 8601 dates with or without
    /// fractional seconds.
    static func decoder() -> XMLDecoder {
        let decoder = XMLDecoder()
        decoder.keyDecodingStrategy = .awsWireNames
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 date: \(text)"))
            }
            return date
        }
        return decoder
    }

    /// Answers at least this large are decoded one at a time (see ``largeDecode``).
    static let largeBodyBytes = 128 * 1_024

    /// Held while a large answer is decoded. XMLCoder builds a tree of the whole document before decoding it, and
    /// the regions of an observation list their images at the same time: at its peak the daemon held 50 MB of such
    /// trees for two pages of 1,000 AMIs. One large tree at a time bounds that peak. The section never suspends, so
    /// a waiting thread waits only for another's decoding.
    static let largeDecode = NSLock()

    /// Decodes an answer: the root's members (EC2), or those of its `<ActionResult>` (query protocol).
    static func decode<Output: Decodable>(
        _ type: Output.Type, from body: [UInt8], resultWrapped: Bool
    ) throws -> Output {
        if let reason = rejection(of: body) { throw Rejected(reason: reason) }
        guard body.count >= largeBodyBytes else {
            return try decodeTree(type, from: body, resultWrapped: resultWrapped)
        }
        largeDecode.lock()
        defer { largeDecode.unlock() }
        return try decodeTree(type, from: body, resultWrapped: resultWrapped)
    }

    private static func decodeTree<Output: Decodable>(
        _ type: Output.Type, from body: [UInt8], resultWrapped: Bool
    ) throws -> Output {
        if resultWrapped {
            return try decoder().decode(QueryResultEnvelope<Output>.self, from: Data(body)).result
        }
        return try decoder().decode(Output.self, from: Data(body))
    }

    static func parseDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return try? Date(trimmed, strategy: fractional)
    }
}
