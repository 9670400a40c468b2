import AWS
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Redaction

// MARK: - Where an event goes

/// One configured destination of events.
public protocol NotificationSink: Sendable {
    /// The metric label: `webhook` or `sns`.
    var kind: String { get }
    /// What logs show: a webhook's scheme and host, a topic's ARN.
    var display: String { get }
    /// Whether the sink wants events of `kind` (its `events` filter).
    func accepts(_ kind: NotificationEvent.Kind) -> Bool
    /// Delivers the event's JSON body once; throws when it was not accepted.
    func deliver(_ event: NotificationEvent, body: Data) async throws
    /// Names the sink across restarts without a secret (the outbox's key): by default its kind and `display`.
    var identity: String { get }
}

extension NotificationSink {
    public var identity: String { "\(kind) \(display)" }
}

/// A delivery that failed; its description never shows a webhook's path or a secret.
public struct NotificationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ message: String) {
        self.description = Redaction.redact(message)
    }
}

// MARK: - Webhook

/// POSTs the JSON body to a URL, signed with `X-Kiln-Signature-256: sha256=<hex>` when a secret is set.
public struct WebhookSink: NotificationSink {
    public let target: WebhookTarget
    let key: SymmetricKey?
    let http: HTTPClient
    let timeout: TimeAmount

    /// A sink posting through `http`; `secret` is the HMAC key's bytes.
    public init(target: WebhookTarget, secret: [UInt8]?, http: HTTPClient, timeout: Duration = .seconds(10)) {
        self.target = target
        self.key = secret.map { SymmetricKey(data: $0) }
        self.http = http
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        Redaction.remember(secret: target.url)
    }

    public var kind: String { "webhook" }
    public var display: String { target.displayURL }
    /// The URL's SHA-256: two webhooks on one host differ, and the URL (whose path may be a secret) is not kept.
    public var identity: String {
        "webhook sha256:" + SHA256.hash(data: Data(target.url.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func accepts(_ kind: NotificationEvent.Kind) -> Bool { target.events?.contains(kind) ?? true }

    /// `sha256=<hex of HMAC-SHA256(body)>`, as GitHub signs its webhooks.
    public static func signature(of body: Data, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public func deliver(_ event: NotificationEvent, body: Data) async throws {
        var request = HTTPClientRequest(url: target.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "kiln")
        request.headers.add(name: "X-Kiln-Event", value: event.event.rawValue)
        if let key { request.headers.add(name: "X-Kiln-Signature-256", value: Self.signature(of: body, key: key)) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw NotificationError("POST to \(display) failed: \(error)")
        }
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw NotificationError("POST to \(display) answered HTTP \(response.status.code)")
        }
    }
}

// MARK: - SNS

/// Publishes the JSON body to an SNS topic.
public struct SNSTopicSink: NotificationSink {
    public let target: SNSTopicTarget
    let sns: SNS

    /// A sink publishing with `client` in the topic's region.
    public init(target: SNSTopicTarget, client: AWSClient) {
        self.target = target
        self.sns = SNS(client: client, region: target.region)
    }

    public var kind: String { "sns" }
    public var display: String { target.topicArn }

    public func accepts(_ kind: NotificationEvent.Kind) -> Bool { target.events?.contains(kind) ?? true }

    public func deliver(_ event: NotificationEvent, body: Data) async throws {
        var request = SNS.PublishRequest(
            topicArn: target.topicArn, message: String(decoding: body, as: UTF8.self), subject: Self.subject(event))
        if target.topicArn.hasSuffix(".fifo") {
            request.messageGroupId = "kiln"
            request.messageDeduplicationId = SHA256.hash(data: Data(event.key.utf8)).map {
                String(format: "%02x", $0)
            }.joined()
        }
        _ = try await sns.publish(request)
    }

    /// A subject for e-mail subscriptions: ASCII, at most 100 characters.
    static func subject(_ event: NotificationEvent) -> String {
        let words = ["Kiln", event.event.rawValue, event.image, event.version].compactMap { $0 }
        let text = words.joined(separator: " ").unicodeScalars.map {
            $0.isASCII && $0.value >= 32 ? Character($0) : "?"
        }
        return String(String(text).prefix(100))
    }
}
