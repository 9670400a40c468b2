/// The canonical forms SigV4 signs: URI path, query string and headers.
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

    /// Percent-encodes every byte but the unreserved ones (and `/` when `keepSlash`), upper-case hex.
    static func encode(_ text: some StringProtocol, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).paddedHex
            }
        }
        return out
    }

    /// Decodes `%XX` escapes; malformed escapes are kept as they are. `+` stays `+`.
    static func decode(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let value = UInt8(String(decoding: bytes[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                out.append(value)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI: dot segments removed and slashes merged (unless `normalize` is false), each
    /// segment percent-encoded once as it stands on the wire.
    static func path(_ path: String, normalize: Bool) -> String {
        guard !path.isEmpty else { return "/" }
        guard normalize else { return encode(path, keepSlash: true) }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let trailingSlash = path.hasSuffix("/") && !segments.isEmpty
        let joined = "/" + segments.map { encode($0) }.joined(separator: "/")
        return trailingSlash ? joined + "/" : joined
    }

    /// The canonical query: each key and value decoded then encoded once, sorted by key, then value.
    static func query(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = encode(decode(parts[0]))
            let value = parts.count > 1 ? encode(decode(parts[1])) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}

/// Lower-cased, sorted, trimmed headers, with repeated names joined by commas.
struct CanonicalHeaders {
    /// Headers proxies and clients change in flight; signing them would break the signature.
    static let unsigned: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "transfer-encoding"]

    let text: String
    let signedNames: String

    init(_ headers: [SignableRequest.Header]) {
        var byName: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased().trimmingWhitespace
            guard !Self.unsigned.contains(name) else { continue }
            byName[name, default: []].append(Self.trimAll(header.value))
        }
        let names = byName.keys.sorted()
        text = names.map { "\($0):\(byName[$0, default: []].joined(separator: ","))" }.joined(separator: "\n")
        signedNames = names.joined(separator: ";")
    }

    /// Trims the ends and folds every run of whitespace (including line breaks) into one space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}

extension String {
    fileprivate var paddedHex: String { count == 1 ? "0" + self : self }

    fileprivate var trimmingWhitespace: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
