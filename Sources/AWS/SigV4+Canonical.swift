/// The canonical forms SigV4 signs: URI path, query string and headers.
///
/// Everything works on UTF-8 bytes, never on `Character`s: a combining mark after `/`, `&` or `=` would
/// otherwise merge with the separator into one grapheme, and `\r\n` is a single `Character`.
enum CanonicalURI {
    /// Characters SigV4 never percent-encodes.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes every byte but the unreserved ones (and `/` when `keepSlash`), upper-case hex.
    static func encode(bytes: some Sequence<UInt8>, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes the UTF-8 form of `text`.
    static func encode(_ text: some StringProtocol, keepSlash: Bool = false) -> String {
        encode(bytes: text.utf8, keepSlash: keepSlash)
    }

    /// Decodes `%XX` escapes to raw bytes (which need not be UTF-8); malformed escapes stay as they are.
    static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The canonical URI: dot segments removed and slashes merged (unless `normalize` is false), each
    /// segment percent-encoded once as it stands on the wire.
    static func path(_ path: String, normalize: Bool) -> String {
        guard !path.isEmpty else { return "/" }
        guard normalize else { return encode(path, keepSlash: true) }
        let slash = UInt8(ascii: "/")
        var segments: [ArraySlice<UInt8>] = []
        for segment in Array(path.utf8).split(separator: slash, omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                _ = segments.popLast()
            } else {
                segments.append(segment)
            }
        }
        let trailingSlash = path.utf8.last == slash && !segments.isEmpty
        let joined = "/" + segments.map { encode(bytes: $0) }.joined(separator: "/")
        return trailingSlash ? joined + "/" : joined
    }

    /// The canonical query: each key and value decoded then encoded once, sorted by key, then value
    /// (byte order of the encoded forms). Empty pairs (`a=1&&b=2`) are dropped.
    static func query(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
            .map { pair -> (key: [UInt8], value: [UInt8]) in
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
                let key = encode(bytes: decode(parts[0]))
                let value = parts.count > 1 ? encode(bytes: decode(parts[1])) : ""
                return (Array(key.utf8), Array(value.utf8))
            }
        let sorted = pairs.sorted { left, right in
            left.key == right.key
                ? left.value.lexicographicallyPrecedes(right.value) : left.key.lexicographicallyPrecedes(right.key)
        }
        return sorted.map { String(decoding: $0.key + [UInt8(ascii: "=")] + $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }
}

/// Lower-cased, sorted, trimmed headers, with repeated names joined by commas.
struct CanonicalHeaders {
    /// Headers that proxies and clients add, drop or change in flight (hop-by-hop ones included):
    /// signing them would break the signature. The same set as the AWS SDKs.
    static let unsigned: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    let text: String
    let signedNames: String

    init(_ headers: [SignableRequest.Header]) {
        var byName: [[UInt8]: [String]] = [:]
        for header in headers {
            let name = Array(header.name.lowercased().utf8.trimmed)
            guard !Self.unsigned.contains(String(decoding: name, as: UTF8.self)) else { continue }
            byName[name, default: []].append(Self.trimAll(header.value))
        }
        let names = byName.keys.sorted { $0.lexicographicallyPrecedes($1) }
        text = names.map { String(decoding: $0, as: UTF8.self) + ":" + byName[$0, default: []].joined(separator: ",") }
            .joined(separator: "\n")
        signedNames = names.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ";")
    }

    /// Trims the ends and folds every run of ASCII whitespace (line breaks included) into one space.
    static func trimAll(_ value: String) -> String {
        let words = Array(value.utf8).split(whereSeparator: \.isASCIIWhitespace)
        return words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}

extension UInt8 {
    /// Space, tab, line feed, vertical tab, form feed, carriage return.
    fileprivate var isASCIIWhitespace: Bool {
        self == 0x20 || (0x09...0x0D).contains(self)
    }
}

extension String.UTF8View {
    /// The bytes without leading and trailing ASCII whitespace.
    fileprivate var trimmed: ArraySlice<UInt8> {
        let bytes = Array(self)
        guard let first = bytes.firstIndex(where: { !$0.isASCIIWhitespace }),
            let last = bytes.lastIndex(where: { !$0.isASCIIWhitespace })
        else { return [] }
        return bytes[first...last]
    }
}
