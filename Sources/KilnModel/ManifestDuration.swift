import Foundation

// MARK: - Duration

/// A manifest duration: whole seconds, written as `<integer><unit>` groups with units `d`, `h`, `m`, `s`
/// in decreasing order and without repeats, e.g. `45m`, `1h30m`, `7d`, `90s`.
public struct ManifestDuration: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The length in seconds (positive for any parsed text; zero only where a field allows it).
    public var seconds: Int

    /// Creates a duration of `seconds` seconds.
    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// Creates a duration of `minutes` minutes.
    public static func minutes(_ minutes: Int) -> ManifestDuration { ManifestDuration(seconds: minutes * 60) }
    /// Creates a duration of `hours` hours.
    public static func hours(_ hours: Int) -> ManifestDuration { ManifestDuration(seconds: hours * 3600) }
    /// Creates a duration of `days` days.
    public static func days(_ days: Int) -> ManifestDuration { ManifestDuration(seconds: days * 86_400) }

    /// The duration as a `Swift.Duration`.
    public var duration: Duration { .seconds(seconds) }

    /// The duration in seconds, for date arithmetic.
    public var timeInterval: TimeInterval { TimeInterval(seconds) }

    /// Parses `1h30m`-style text; `nil` when malformed, zero, or too large.
    public init?(_ text: String) {
        guard let seconds = Self.parseSeconds(text), seconds > 0 else { return nil }
        self.init(seconds: seconds)
    }

    /// The total seconds of well-formed duration text (zero included); `nil` when malformed or too large.
    public static func parseSeconds(_ text: String) -> Int? {
        let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var nextUnit = 0
        var total = 0
        var digits = ""
        for character in text {
            if character.isASCIIDigit {
                digits.append(character)
                continue
            }
            guard !digits.isEmpty, digits.count <= 12, let value = Int(digits),
                let index = units[nextUnit...].firstIndex(where: { $0.0 == character })
            else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: units[index].1)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            nextUnit = index + 1
            digits = ""
        }
        guard digits.isEmpty, nextUnit > 0 else { return nil }
        return total
    }

    /// The canonical text: the largest units first, zero groups left out (`5400` seconds is `1h30m`).
    public var description: String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// Orders by length.
    public static func < (lhs: ManifestDuration, rhs: ManifestDuration) -> Bool { lhs.seconds < rhs.seconds }
}

// MARK: - Codable as text

extension ManifestDuration {
    /// Decodes from duration text such as `1h30m` (or `0s`, which ``description`` writes for zero).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self.parseSeconds(text).map(ManifestDuration.init(seconds:)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a duration")
        }
        self = value
    }

    /// Encodes as its canonical text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
