import Foundation
import Redaction

/// Reads the error envelopes AWS services answer with.
extension AWSError {
    /// The error a non-2xx response carries: EC2's `<Response><Errors>`, the query protocol's `<ErrorResponse>`,
    /// a bare `<Error>`, JSON's `__type`/`message`, or (for anything else) the status alone.
    static func parse(
        status: Int, headers: [(name: String, value: String)], body: [UInt8], service: AWSService, action: String
    ) -> AWSError {
        let headerRequestID = headers.first { name, _ in
            let lowered = name.lowercased()
            return lowered == "x-amzn-requestid" || lowered == "x-amz-request-id"
        }?.value
        let envelope = ErrorEnvelope.parse(body: body, headers: headers)
        let code = envelope?.code ?? "HTTP\(status)"
        let message: String
        if let text = envelope?.message, !text.isEmpty {
            message = Self.oneLine(text)
        } else if envelope == nil, let excerpt = Self.excerpt(of: body) {
            message = "unexpected response body: \(excerpt)"
        } else {
            message = "no error message in the response"
        }
        return .service(
            code: code, message: message, statusCode: status,
            requestID: headerRequestID ?? envelope?.requestID, service: service, action: action,
            details: envelope?.isJSON == true && service == .dynamoDB ? Array(body.prefix(65_536)) : nil)
    }

    /// A service's message as one line of at most 1,000 characters: line breaks become spaces. Redacted before it
    /// is cut (over twice the length kept, so that a secret the cut would halve is gone first).
    static func oneLine(_ text: String) -> String {
        let redacted = Redaction.redact(String(text.prefix(2_048)))
        let line = String(redacted.prefix(1_001).map { $0.isNewline ? " " : $0 })
        return line.count > 1_000 ? line.prefix(999) + "…" : line
    }

    /// A short, single-line excerpt of a body that is not an AWS envelope (an HTML error page): markup stripped,
    /// whitespace folded, printable ASCII only, redacted, at most 120 characters. `nil` for an empty body.
    static func excerpt(of body: [UInt8]) -> String? {
        var text = ""
        var inTag = false
        var lastWasSpace = true
        for byte in body.prefix(4096) {
            switch byte {
            case UInt8(ascii: "<"):
                inTag = true
            case UInt8(ascii: ">"):
                inTag = false
                if !lastWasSpace { text += " " }
                lastWasSpace = true
            case _ where inTag:
                continue
            case 0x21...0x7E:
                text.unicodeScalars.append(UnicodeScalar(byte))
                lastWasSpace = false
            default:
                if !lastWasSpace { text += " " }
                lastWasSpace = true
            }
        }
        let trimmed = Redaction.redact(text).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : String(trimmed.prefix(120))
    }
}

// MARK: - Envelopes

/// The fields every AWS error envelope comes down to.
struct ErrorEnvelope: Equatable {
    var code: String
    var message: String?
    var requestID: String?
    var isJSON: Bool

    static func parse(body: [UInt8], headers: [(name: String, value: String)]) -> ErrorEnvelope? {
        let first = body.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        switch first {
        case UInt8(ascii: "<"): return xml(body)
        case UInt8(ascii: "{"): return json(body, headers: headers)
        default: return headerOnly(headers)
        }
    }

    /// JSON 1.0/1.1: `__type` (`prefix#Code`), `message` or `Message`; `x-amzn-ErrorType` as a fallback.
    static func json(_ body: [UInt8], headers: [(name: String, value: String)]) -> ErrorEnvelope? {
        struct Body: Decodable {
            var type: String?
            var code: String?
            var message: String?
            var capitalMessage: String?

            enum CodingKeys: String, CodingKey {
                case type = "__type", code, message, capitalMessage = "Message"
            }
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(body)) else {
            return headerOnly(headers)
        }
        let raw = decoded.type ?? decoded.code ?? headerErrorType(headers)
        guard let raw, let code = normalize(raw) else { return nil }
        return ErrorEnvelope(
            code: code, message: decoded.message ?? decoded.capitalMessage, requestID: nil, isJSON: true)
    }

    /// EC2's `<Response><Errors><Error>…</Error></Errors><RequestID>`, the query protocol's
    /// `<ErrorResponse><Error>…</Error><RequestId>`, and a bare `<Error>…<RequestId>`.
    static func xml(_ body: [UInt8]) -> ErrorEnvelope? {
        struct Detail: Decodable {
            var code: String?
            var message: String?
        }
        struct Errors: Decodable {
            var error: [Detail]?
        }
        struct Document: Decodable {
            var errors: Errors?
            var error: Detail?
            var code: String?
            var message: String?
            var requestID: String?
            var requestId: String?
        }
        guard AWSXML.rejection(of: body) == nil, let root = try? XMLNode.parse(body),
            let document = try? XMLTreeDecoder.decode(Document.self, from: root)
        else { return nil }
        let detail =
            document.errors?.error?.first ?? document.error
            ?? Detail(code: document.code, message: document.message)
        guard let raw = detail.code, let code = normalize(raw) else { return nil }
        return ErrorEnvelope(
            code: code, message: detail.message, requestID: document.requestID ?? document.requestId, isJSON: false)
    }

    /// A body with no envelope can still name the error in `x-amzn-ErrorType`.
    static func headerOnly(_ headers: [(name: String, value: String)]) -> ErrorEnvelope? {
        guard let raw = headerErrorType(headers), let code = normalize(raw) else { return nil }
        return ErrorEnvelope(code: code, message: nil, requestID: nil, isJSON: false)
    }

    static func headerErrorType(_ headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == "x-amzn-errortype" }?.value
    }

    /// `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException` → `ConditionalCheckFailedException`;
    /// `ValidationException:http://internal.amazon.com/` → `ValidationException`.
    static func normalize(_ raw: String) -> String? {
        var code = Substring(raw)
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
