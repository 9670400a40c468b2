import Foundation

/// Flattens an `Encodable` request into the name/value pairs of the AWS query protocols.
///
/// Coding keys are the wire names, capitalised (see ``WireName``: EC2 sends a member's `locationName` with a
/// capital first letter, so a key may be the response's `locationName`). In the `ec2` style lists are `Name.1`,
/// `Name.2`; in the `query` style (Auto Scaling, STS, SNS) lists are `Name.member.1` and an empty list is sent as
/// `Name=`. Structures nest with dots (`BlockDeviceMapping.1.Ebs.VolumeSize`), booleans are
/// `true`/`false`, dates ISO 8601 in UTC, `Data` base64. `nil` optionals are left out.
struct QueryEncoder: Sendable {
    enum Style: Sendable {
        case ec2
        case query
    }

    var style: Style

    /// The pairs in the order the request's members encode them.
    func encode(_ value: some Encodable) throws -> [(name: String, value: String)] {
        let sink = QueryEncodingSink(style: style)
        try value.encode(to: QueryValueEncoder(sink: sink, path: "", codingPath: []))
        return sink.finish()
    }

    /// The form-encoded body: `Action`, `Version`, then the pairs.
    ///
    /// Every byte but RFC 3986's unreserved characters is percent-encoded, and a space is `+`: byte for byte the
    /// body botocore sends (services that re-encode the parsed form to check a signature, as moto does, expect it).
    static func formBody(action: String, version: String, pairs: [(name: String, value: String)]) -> String {
        ([("Action", action), ("Version", version)] + pairs)
            .map { "\(formEncode($0.0))=\(formEncode($0.1))" }
            .joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded`: unreserved characters kept, space as `+`, everything else `%XX`.
    static func formEncode(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { CanonicalURI.encode($0) }
            .joined(separator: "+")
    }

    /// `2024-05-01T12:00:00Z`: ISO 8601 in UTC, whole seconds.
    static func timestamp(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }
}

// MARK: - Encoder machinery

/// Collects the pairs of one encoding.
final class QueryEncodingSink {
    let style: QueryEncoder.Style
    private var pairs: [(name: String, value: String)] = []
    /// Lists created in the query style that have not had an element yet.
    private var emptyLists: [String] = []

    init(style: QueryEncoder.Style) {
        self.style = style
    }

    func add(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    func listOpened(at path: String) {
        if style == .query { emptyLists.append(path) }
    }

    func elementAdded(to path: String) {
        emptyLists.removeAll { $0 == path }
    }

    func finish() -> [(name: String, value: String)] {
        pairs + emptyLists.map { ($0, "") }
    }

    /// The name of a member at `path`: its key capitalised (see ``WireName``).
    func memberPath(_ path: String, _ key: some CodingKey) -> String {
        let name = WireName.encoded(key)
        return path.isEmpty ? name : "\(path).\(name)"
    }

    /// The name of list element `index` (1-based) at `path`.
    func elementPath(_ path: String, _ index: Int) -> String {
        style == .ec2 ? "\(path).\(index)" : "\(path).member.\(index)"
    }

    /// Encodes any value at `path`: dates and data in their wire form, everything else through `Encodable`.
    func encode(_ value: some Encodable, at path: String, codingPath: [any CodingKey]) throws {
        switch value {
        case let date as Date: add(path, QueryEncoder.timestamp(date))
        case let data as Data: add(path, data.base64EncodedString())
        default: try value.encode(to: QueryValueEncoder(sink: self, path: path, codingPath: codingPath))
        }
    }
}

struct QueryValueEncoder: Encoder {
    let sink: QueryEncodingSink
    let path: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(QueryKeyedContainer<Key>(sink: sink, path: path, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.listOpened(at: path)
        return QueryUnkeyedContainer(sink: sink, path: path, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        QuerySingleValueContainer(sink: sink, path: path, codingPath: codingPath)
    }
}

struct QueryKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: QueryEncodingSink
    let path: String
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try sink.encode(value, at: sink.memberPath(path, key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = sink.memberPath(path, key)
        return KeyedEncodingContainer(
            QueryKeyedContainer<NestedKey>(sink: sink, path: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = sink.memberPath(path, key)
        sink.listOpened(at: nested)
        return QueryUnkeyedContainer(sink: sink, path: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        QueryValueEncoder(sink: sink, path: path, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        QueryValueEncoder(sink: sink, path: sink.memberPath(path, key), codingPath: codingPath + [key])
    }
}

struct QueryUnkeyedContainer: UnkeyedEncodingContainer {
    let sink: QueryEncodingSink
    let path: String
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(sink: QueryEncodingSink, path: String, codingPath: [any CodingKey]) {
        self.sink = sink
        self.path = path
        self.codingPath = codingPath
    }

    private mutating func nextPath() -> String {
        count += 1
        sink.elementAdded(to: path)
        return sink.elementPath(path, count)
    }

    mutating func encodeNil() {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try sink.encode(value, at: nextPath(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(QueryKeyedContainer<NestedKey>(sink: sink, path: nextPath(), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = nextPath()
        sink.listOpened(at: nested)
        return QueryUnkeyedContainer(sink: sink, path: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        QueryValueEncoder(sink: sink, path: nextPath(), codingPath: codingPath)
    }
}

struct QuerySingleValueContainer: SingleValueEncodingContainer {
    let sink: QueryEncodingSink
    let path: String
    let codingPath: [any CodingKey]

    mutating func encodeNil() {}
    mutating func encode(_ value: Bool) { sink.add(path, value ? "true" : "false") }
    mutating func encode(_ value: String) { sink.add(path, value) }
    mutating func encode(_ value: Double) { sink.add(path, String(value)) }
    mutating func encode(_ value: Float) { sink.add(path, String(value)) }
    mutating func encode(_ value: Int) { sink.add(path, String(value)) }
    mutating func encode(_ value: Int8) { sink.add(path, String(value)) }
    mutating func encode(_ value: Int16) { sink.add(path, String(value)) }
    mutating func encode(_ value: Int32) { sink.add(path, String(value)) }
    mutating func encode(_ value: Int64) { sink.add(path, String(value)) }
    mutating func encode(_ value: UInt) { sink.add(path, String(value)) }
    mutating func encode(_ value: UInt8) { sink.add(path, String(value)) }
    mutating func encode(_ value: UInt16) { sink.add(path, String(value)) }
    mutating func encode(_ value: UInt32) { sink.add(path, String(value)) }
    mutating func encode(_ value: UInt64) { sink.add(path, String(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try sink.encode(value, at: path, codingPath: codingPath)
    }
}
