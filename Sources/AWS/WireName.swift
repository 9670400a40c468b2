import Foundation

/// How a shape's member names become the names AWS puts on the wire, one rule for every protocol.
///
/// Requests send a member capitalised (`launchTemplateName` goes as `LaunchTemplateName`), in the query, EC2 and
/// JSON protocols alike. Answers are read the other way: a wire name that starts with a capitalised word
/// (`AutoScalingGroupARN`) is matched with a lower-case first letter (`autoScalingGroupARN`), while one that does
/// not (EC2's `imagesSet`, SSM's `ARN`, DynamoDB's `S` and `NULL`) is matched as it stands. A shape therefore
/// declares `CodingKeys` only where its wire name is not the capitalised member name, and writes those raw values
/// as botocore's `locationName` (EC2) or with a lower-case first letter.
enum WireName {
    /// `launchTemplateName` → `LaunchTemplateName`.
    static func capitalized(_ name: String) -> String {
        guard let first = name.first, first.isLowercase else { return name }
        return first.uppercased() + name.dropFirst()
    }

    /// `LaunchTemplateName` → `launchTemplateName`; `imagesSet`, `ARN`, `S`, `NULL` as they stand.
    static func memberName(_ wire: String) -> String {
        var letters = wire.makeIterator()
        guard let first = letters.next(), first.isUppercase, let second = letters.next(), second.isLowercase else {
            return wire
        }
        return first.lowercased() + wire.dropFirst()
    }

    /// The name `key` is sent under: capitalised, unless its raw values are the wire names as they stand.
    static func encoded(_ key: any CodingKey) -> String {
        key is any VerbatimCodingKey ? key.stringValue : capitalized(key.stringValue)
    }
}

/// Coding keys whose raw values are sent exactly as written, not capitalised: the few members whose wire name
/// starts with a lower-case letter in a request (SSM's `CommandFilter` sends `key` and `value`).
protocol VerbatimCodingKey: CodingKey {}

/// A coding key made from a name on the wire: for containers whose keys are found at run time.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

// MARK: - The coders' key strategies

extension JSONEncoder.KeyEncodingStrategy {
    /// Members sent capitalised (see ``WireName``).
    static var awsWireNames: Self {
        .custom { path in WireKey(path.last.map(WireName.encoded) ?? "") }
    }
}

extension JSONDecoder.KeyDecodingStrategy {
    /// Wire names matched to members (see ``WireName``).
    static var awsWireNames: Self {
        .custom { path in WireKey(WireName.memberName(path.last?.stringValue ?? "")) }
    }
}
