/// A member the service reports but does not take back: read from answers, never sent.
///
/// A shape that is both read and sent (a launch configuration, copied under a new name) keeps one type: its
/// service-assigned members (an ARN, a creation time) are marked so, and a request made from a described value
/// cannot carry them.
@propertyWrapper
public struct ResponseOnly<Value: Hashable & Sendable>: Hashable, Sendable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension ResponseOnly: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode(Value.self)
    }
}

extension ResponseOnly: Encodable {
    /// Nothing: the member is not sent.
    public func encode(to encoder: any Encoder) throws {}
}

extension KeyedDecodingContainer {
    /// A missing member is `nil`, not an error.
    public func decode<Value: Decodable>(
        _ type: ResponseOnly<Value>.Type, forKey key: Key
    ) throws -> ResponseOnly<Value> {
        try decodeIfPresent(type, forKey: key) ?? ResponseOnly(wrappedValue: nil)
    }
}

extension KeyedEncodingContainer {
    /// Leaves the member out of a request.
    public mutating func encode<Value>(_ value: ResponseOnly<Value>, forKey key: Key) throws {}
}
