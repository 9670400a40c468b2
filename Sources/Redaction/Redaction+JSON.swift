import Foundation

// MARK: - Redacting a JSON document

extension Redaction {
    /// The JSON document with every string (keys and values) redacted; everything else, layout included, is kept
    /// byte for byte. Text that is not JSON is redacted as text.
    public static func redactJSON(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == quote else {
                output.append(bytes[index])
                index += 1
                continue
            }
            guard let end = closingQuote(in: bytes, after: index) else {
                return Data(redact(String(decoding: bytes, as: UTF8.self)).utf8)
            }
            let token = Array(bytes[index...end])
            output += redactedToken(token)
            index = end + 1
        }
        return Data(output)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// The index of the quote that closes the string opening at `start`.
    private static func closingQuote(in bytes: [UInt8], after start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == backslash {
                index += 2
            } else if bytes[index] == quote {
                return index
            } else {
                index += 1
            }
        }
        return nil
    }

    /// One string token (quotes included), redacted and re-encoded when redaction changed it.
    private static func redactedToken(_ token: [UInt8]) -> [UInt8] {
        let value: String
        if token.contains(backslash) {
            guard let decoded = try? JSONDecoder().decode(String.self, from: Data(token)) else {
                return Array(redact(String(decoding: token, as: UTF8.self)).utf8)
            }
            value = decoded
        } else {
            value = String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
        }
        let redacted = redact(value)
        guard redacted != value else { return token }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? Array(encoder.encode(redacted))) ?? Array("\"\(mask)\"".utf8)
    }
}
