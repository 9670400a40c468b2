import Crypto
import Foundation
import HTTPTypes

/// One generated webhook delivery and what Kiln must answer: GitHub's headers and body, garbled in seeded ways.
struct WebhookDelivery: Sendable {
    static let secret = Array("kiln fuzz secret".utf8)
    static let branch = "main"
    static let maxBodyBytes = 4_096

    var event: String?
    var signatures: [String]
    var body: [UInt8]
    /// What the body is, for failure messages.
    var shape: String
    /// The ref of a body that is a JSON object with a string `ref` (`.some(nil)`: a body without one), when the
    /// generator knows it.
    var ref: String??

    /// The headers as sent: field values are legalized (trimmed, invalid bytes turned into spaces) on the way.
    var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let event, let name = HTTPField.Name("X-GitHub-Event") { fields.append(HTTPField(name: name, value: event)) }
        for signature in signatures {
            if let name = HTTPField.Name("X-Hub-Signature-256") {
                fields.append(HTTPField(name: name, value: signature))
            }
        }
        return fields
    }

    /// What Kiln must answer, from the headers as the server receives them.
    func expected() -> (statuses: Set<Int>, mayTrigger: Bool, mustTrigger: Bool) {
        let fields = headers
        let event = fields.first { $0.name.canonicalName == "x-github-event" }?.value
        let signature = fields.first { $0.name.canonicalName == "x-hub-signature-256" }?.value
        if body.count > Self.maxBodyBytes { return ([413], false, false) }
        guard let signature, signature.hasPrefix("sha256="),
            signature.dropFirst(7).lowercased() == Self.sign(body).dropFirst(7)
        else { return ([401], false, false) }
        let main = "refs/heads/\(Self.branch)"
        switch event {
        case "ping": return ([200], false, false)
        case "push":
            guard let ref else { return ([202, 400], true, false) }
            guard let ref else { return ([400], false, false) }
            return ([202], ref == main, ref == main)
        default: return ([202], false, false)
        }
    }

    // MARK: - Signing

    static func sign(_ body: [UInt8], secret: [UInt8] = secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}

// MARK: - Generation

extension WebhookDelivery {
    static let events: [String?] = [
        "push", "push", "push", "ping", nil, "", "Push", "PUSH", "push ", "pull_request", "issues", "release",
        "push\u{0}", "p\u{fc}sh", String(repeating: "e", count: 300), "push,ping", "label\"quote\\slash}",
    ]

    /// Bodies by shape: (name, body, ref as the decoder must read it, or nil when unknown).
    static func body(using random: inout SeededGenerator) -> (String, [UInt8], String??) {
        let main = "refs/heads/\(branch)"
        let after = "\"after\":\"0123456789abcdef0123456789abcdef01234567\""
        let shapes: [(String, String, String??)] = [
            ("push to main", #"{"ref":"\#(main)",\#(after)}"#, .some(main)),
            ("push to dev", #"{"ref":"refs/heads/dev",\#(after)}"#, .some("refs/heads/dev")),
            ("escaped ref", #"{"ref":"refs\/heads\/\#(branch)"}"#, .some(main)),
            ("ref with a NUL", #"{"ref":"\#(main)\u0000"}"#, .some(main + "\u{0}")),
            ("ref prefix", #"{"ref":"refs/heads/\#(branch)-x"}"#, .some("refs/heads/\(branch)-x")),
            ("no ref", #"{\#(after)}"#, .some(nil)),
            ("null ref", #"{"ref":null}"#, .some(nil)),
            ("number ref", #"{"ref":7}"#, .some(nil)),
            ("list ref", #"{"ref":["\#(main)"]}"#, .some(nil)),
            ("object ref", #"{"ref":{"name":"\#(main)"}}"#, .some(nil)),
            ("array", #"["\#(main)"]"#, .some(nil)),
            ("string", #""\#(main)""#, .some(nil)),
            ("number", "42", .some(nil)),
            ("null", "null", .some(nil)),
            ("empty", "", .some(nil)),
            ("truncated", #"{"ref":"\#(main)"#, .some(nil)),
            ("deep nesting", String(repeating: "[", count: 4_000), .some(nil)),
            ("deep object", #"{"ref":"\#(main)","x":"# + String(repeating: "{\"a\":", count: 1_000), .some(nil)),
            ("form encoded", "payload=%7B%22ref%22%3A%22refs%2Fheads%2Fmain%22%7D", .some(nil)),
            ("duplicate ref", #"{"ref":"refs/heads/dev","ref":"\#(main)"}"#, nil),
            ("unpaired surrogate", #"{"ref":"\ud800"}"#, nil),
        ]
        let (name, text, ref) = shapes.randomElement(using: &random) ?? shapes[0]
        var bytes = Array(text.utf8)
        switch Int.random(in: 0..<8, using: &random) {
        case 0:
            let (mutated, applied) = BodyMutator.mutate(bytes, using: &random)
            return ("\(name) mutated \(applied.map(\.rawValue))", mutated, nil)
        case 1:
            let size = [maxBodyBytes, maxBodyBytes + 1, 64 << 10, 1 << 20].randomElement(using: &random) ?? 1
            bytes += Array(repeating: UInt8(ascii: " "), count: max(0, size - bytes.count))
            return ("\(name) padded to \(bytes.count) bytes", bytes, ref)
        case 2:
            // A byte order mark may or may not be skipped by a JSON decoder; the other prefixes are never JSON.
            let garbage: [[UInt8]] = [[0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0x00]]
            let prefix = garbage.randomElement(using: &random) ?? [0xFF]
            bytes.insert(contentsOf: prefix, at: 0)
            return ("\(name) behind bytes \(prefix)", bytes, prefix.count == 3 ? nil : .some(nil))
        default:
            return (name, bytes, ref)
        }
    }

    /// The `X-Hub-Signature-256` headers for `body`, garbled or not.
    static func signatures(for body: [UInt8], using random: inout SeededGenerator) -> [String] {
        let good = sign(body)
        let hex = String(good.dropFirst(7))
        let other = sign(body + [0x20])
        switch Int.random(in: 0..<16, using: &random) {
        case 0..<5: return [good]
        case 5: return []
        case 6: return [""]
        case 7: return ["sha256=" + hex.uppercased()]
        case 8: return [sign(body, secret: Array("guess".utf8))]
        case 9: return [other, good]
        case 10: return ["sha1=" + String(hex.prefix(40))]
        case 11: return [String(good.dropLast(Int.random(in: 1...4, using: &random)))]
        case 12: return [good + ["0", "00", "z", "\u{e9}"][Int.random(in: 0..<4, using: &random)]]
        case 13: return ["SHA256=" + hex, "sha256 =" + hex, "sha256:" + hex, hex].shuffled(using: &random)
        case 14: return [" " + good + " "]
        default:
            var bytes = Array(good.utf8)
            let at = Int.random(in: 7..<bytes.count, using: &random)
            bytes[at] = bytes[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            return [String(decoding: bytes, as: UTF8.self)]
        }
    }

    static func generate(using random: inout SeededGenerator) -> WebhookDelivery {
        let event = events.randomElement(using: &random) ?? "push"
        let (shape, body, ref) = Self.body(using: &random)
        let signatures = Self.signatures(for: body, using: &random)
        return WebhookDelivery(event: event, signatures: signatures, body: body, shape: shape, ref: ref)
    }

    /// One line for failure messages.
    var summary: String {
        let signed = signatures.map { $0.count > 20 ? "\($0.prefix(14))…(\($0.count))" : $0 }
        let event = self.event.map { String(reflecting: String($0.prefix(20))) } ?? "none"
        return "event \(event), body \(shape) (\(body.count) bytes), signatures \(signed.debugDescription)"
    }
}
