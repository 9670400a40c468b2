import Foundation

// MARK: - notify.*: where events go

/// The notification sinks of the daemon, and how hard delivery tries.
public struct NotifySettings: Sendable, Equatable {
    /// HTTPS endpoints (any `http` only on loopback) that receive each event's JSON body by POST.
    public var webhooks: [WebhookTarget] = []
    /// SNS topics each event's JSON body is published to.
    public var snsTopics: [SNSTopicTarget] = []
    /// Attempts per delivery, the first included; a failure is retried with exponential backoff.
    public var maxAttempts = 5
    /// Deliveries waiting per sink; when full, the oldest is dropped (logged, counted).
    public var queueSize = 256

    /// No sinks.
    public init() {}

    /// Whether any sink is configured.
    public var isEnabled: Bool { !webhooks.isEmpty || !snsTopics.isEmpty }
}

/// A webhook: its URL, the events it wants (nil: all), and a file whose content HMAC-signs each body.
public struct WebhookTarget: Sendable, Equatable {
    public var url: String
    public var events: Set<NotificationEvent.Kind>?
    /// Its content (surrounding white space removed) is the HMAC-SHA256 key of `X-Kiln-Signature-256`.
    public var secretFile: String?

    public init(url: String, events: Set<NotificationEvent.Kind>? = nil, secretFile: String? = nil) {
        self.url = url
        self.events = events
        self.secretFile = secretFile
    }

    /// The URL as logs and metrics may show it: scheme, host and port only (the path of a Slack or chat webhook
    /// is its credential).
    public var displayURL: String { NotifyURL.display(url) }
}

/// An SNS topic and the events it wants (nil: all).
public struct SNSTopicTarget: Sendable, Equatable {
    public var topicArn: String
    public var events: Set<NotificationEvent.Kind>?

    public init(topicArn: String, events: Set<NotificationEvent.Kind>? = nil) {
        self.topicArn = topicArn
        self.events = events
    }

    /// The topic's region, the fourth field of its ARN.
    public var region: String {
        let fields = topicArn.split(separator: ":", omittingEmptySubsequences: false)
        return fields.count > 3 ? String(fields[3]) : ""
    }
}

// MARK: - Checks

/// Checks of webhook URLs and topic ARNs.
enum NotifyURL {
    /// Why `text` is not a webhook URL Kiln posts to, or nil when it is one: https, or http to a loopback host.
    static func problem(_ text: String) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return "'\(display(text))' is not an absolute URL" }
        if components.user != nil || components.password != nil {
            return "a webhook URL must not carry a user or password"
        }
        switch scheme {
        case "https": return nil
        case "http": return isLoopback(host) ? nil : "a webhook URL must be https unless its host is loopback"
        default: return "a webhook URL must be https (or http to a loopback host)"
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".")
        return parts.count == 4 && parts.first == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// `scheme://host[:port]/…`: what a log line may show of a webhook URL.
    static func display(_ text: String) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            let host = components.host
        else { return "(a webhook)" }
        let port = components.port.map { ":\($0)" } ?? ""
        let rest = components.path.isEmpty || components.path == "/" ? "" : "/…"
        return "\(scheme)://\(host)\(port)\(rest)"
    }

    /// Whether `text` is an SNS topic ARN: `arn:<partition>:sns:<region>:<12 digits>:<name>`.
    static func isTopicARN(_ text: String) -> Bool {
        text.wholeMatch(of: /arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?/) != nil
    }
}
