import Foundation

extension DynamoDB {
    /// `AttributeValue`: exactly one typed member, e.g. `{"S": "text"}`, `{"N": "42"}`.
    public indirect enum AttributeValue: Sendable, Hashable, Codable {
        case s(String)
        /// A number in its decimal text form.
        case n(String)
        case b(Data)
        case ss([String])
        case ns([String])
        case bs([Data])
        case m([String: AttributeValue])
        case l([AttributeValue])
        case null
        case bool(Bool)

        /// A number attribute.
        public static func number(_ value: some BinaryInteger) -> AttributeValue { .n(String(value)) }

        /// The string, if this is an `S`.
        public var string: String? {
            if case .s(let value) = self { return value }
            return nil
        }

        /// The integer, if this is an `N` holding one.
        public var integer: Int? {
            if case .n(let value) = self { return Int(value) }
            return nil
        }

        private enum CodingKeys: String, CodingKey {
            case s = "S", n = "N", b = "B", ss = "SS", ns = "NS", bs = "BS", m = "M", l = "L", null = "NULL"
            case bool = "BOOL"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "an AttributeValue with no type"))
            }
            switch key {
            case .s: self = .s(try container.decode(String.self, forKey: key))
            case .n: self = .n(try container.decode(String.self, forKey: key))
            case .b: self = .b(try container.decode(Data.self, forKey: key))
            case .ss: self = .ss(try container.decode([String].self, forKey: key))
            case .ns: self = .ns(try container.decode([String].self, forKey: key))
            case .bs: self = .bs(try container.decode([Data].self, forKey: key))
            case .m: self = .m(try container.decode([String: AttributeValue].self, forKey: key))
            case .l: self = .l(try container.decode([AttributeValue].self, forKey: key))
            case .null: self = .null
            case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .s(let value): try container.encode(value, forKey: .s)
            case .n(let value): try container.encode(value, forKey: .n)
            case .b(let value): try container.encode(value, forKey: .b)
            case .ss(let value): try container.encode(value, forKey: .ss)
            case .ns(let value): try container.encode(value, forKey: .ns)
            case .bs(let value): try container.encode(value, forKey: .bs)
            case .m(let value): try container.encode(value, forKey: .m)
            case .l(let value): try container.encode(value, forKey: .l)
            case .null: try container.encode(true, forKey: .null)
            case .bool(let value): try container.encode(value, forKey: .bool)
            }
        }
    }
}
