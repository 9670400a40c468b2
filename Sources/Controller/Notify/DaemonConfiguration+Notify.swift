import Foundation
import Manifest

// MARK: - notify.*: the keys

extension DaemonConfiguration {
    static let notifyKeys: [ConfigKey] = [
        ConfigKey(
            "notify.webhooks", flag: "notify-webhook", default: "[]", list: true,
            "Webhooks that receive events: URLs, or mappings of url, events and secretFile.",
            apply: { configuration, values in
                configuration.notify.webhooks = try ConfigValue.list(values).map { url in
                    if let problem = NotifyURL.problem(url) { throw ConfigValueError(problem) }
                    return WebhookTarget(url: url)
                }
            },
            applyNode: { configuration, node, file throws(ConfigError) in
                configuration.notify.webhooks = try NotifyNodes.read(
                    node, path: "notify.webhooks", file: file, NotifyNodes.webhook(_:file:))
            }),
        ConfigKey(
            "notify.snsTopics", flag: "notify-sns-topic", default: "[]", list: true,
            "SNS topics events are published to: ARNs, or mappings of topicArn and events.",
            apply: { configuration, values in
                configuration.notify.snsTopics = try ConfigValue.list(values).map { arn in
                    guard NotifyURL.isTopicARN(arn) else { throw ConfigValueError("'\(arn)' is not an SNS topic ARN") }
                    return SNSTopicTarget(topicArn: arn)
                }
            },
            applyNode: { configuration, node, file throws(ConfigError) in
                configuration.notify.snsTopics = try NotifyNodes.read(
                    node, path: "notify.snsTopics", file: file, NotifyNodes.topic(_:file:))
            }),
        ConfigKey(
            "notify.maxAttempts", flag: "notify-max-attempts", default: "5",
            "Attempts per delivery; failures are retried with exponential backoff."
        ) { $0.notify.maxAttempts = try ConfigValue.integer($1, atLeast: 1) },
        ConfigKey(
            "notify.queueSize", flag: "notify-queue-size", default: "256",
            "Deliveries waiting per sink; when full the oldest is dropped."
        ) { $0.notify.queueSize = try ConfigValue.integer($1, atLeast: 1) },
    ]
}

// MARK: - Structured items

/// Reads `notify.webhooks` and `notify.snsTopics` items: a plain value, or a mapping with the item's fields.
enum NotifyNodes {
    struct Item {
        var path: String
        var node: YAMLNode
    }

    /// Every item of the list at `path`, each read by `read` (`webhook` or `topic`).
    static func read<Target>(
        _ node: YAMLNode, path: String, file: String, _ read: (Item, String) throws(ConfigError) -> Target
    ) throws(ConfigError) -> [Target] {
        var targets: [Target] = []
        for item in try items(node, path: path, file: file) {
            targets.append(try read(item, file))
        }
        return targets
    }

    static func items(_ node: YAMLNode, path: String, file: String) throws(ConfigError) -> [Item] {
        if let scalar = node.scalar {
            let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            return isNull ? [] : [Item(path: path, node: node)]
        }
        guard let sequence = node.sequence else {
            throw .invalidValue(path, "expected a list", at: location(node, file))
        }
        return sequence.elements.enumerated().map { Item(path: "\(path)[\($0.offset)]", node: $0.element) }
    }

    static func webhook(_ item: Item, file: String) throws(ConfigError) -> WebhookTarget {
        let fields = try self.fields(item, allowed: ["url", "events", "secretFile"], main: "url", file: file)
        guard let url = fields["url"]?.string, !url.isEmpty else {
            throw .invalidValue(item.path, "a webhook needs a url", at: location(item.node, file))
        }
        if let problem = NotifyURL.problem(url) {
            throw .invalidValue(item.path + ".url", problem, at: location(fields["url"] ?? item.node, file))
        }
        var target = WebhookTarget(url: url)
        target.events = try events(fields["events"], path: item.path + ".events", file: file)
        if let secret = fields["secretFile"] {
            guard let path = secret.string, !path.isEmpty else {
                throw .invalidValue(item.path + ".secretFile", "expected a file name", at: location(secret, file))
            }
            target.secretFile = path
        }
        return target
    }

    static func topic(_ item: Item, file: String) throws(ConfigError) -> SNSTopicTarget {
        let fields = try self.fields(item, allowed: ["topicArn", "events"], main: "topicArn", file: file)
        guard let arn = fields["topicArn"]?.string, NotifyURL.isTopicARN(arn) else {
            throw .invalidValue(
                item.path + ".topicArn", "expected an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)",
                at: location(fields["topicArn"] ?? item.node, file))
        }
        return SNSTopicTarget(
            topicArn: arn, events: try events(fields["events"], path: item.path + ".events", file: file))
    }

    /// The item's fields by name: a plain value is the `main` field alone.
    private static func fields(_ item: Item, allowed: Set<String>, main: String, file: String) throws(ConfigError)
        -> [String: YAMLNode]
    {
        if item.node.scalar != nil { return [main: item.node] }
        guard let mapping = item.node.mapping else {
            throw .invalidValue(item.path, "expected a value or a mapping", at: location(item.node, file))
        }
        var fields: [String: YAMLNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw .unknownKey(item.path + "." + (key.string ?? "?"), at: location(key, file))
            }
            fields[name] = value
        }
        return fields
    }

    private static func events(_ node: YAMLNode?, path: String, file: String) throws(ConfigError)
        -> Set<NotificationEvent.Kind>?
    {
        guard let node else { return nil }
        let names: [YAMLNode] = node.sequence.map { Array($0.elements) } ?? [node]
        var kinds: Set<NotificationEvent.Kind> = []
        for name in names {
            guard let text = name.string, let kind = NotificationEvent.Kind(rawValue: text) else {
                let known = NotificationEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidValue(
                    path, "'\(name.string ?? "?")' is not an event (one of \(known))", at: location(name, file))
            }
            kinds.insert(kind)
        }
        return kinds
    }

    private static func location(_ node: YAMLNode, _ file: String) -> SourceLocation {
        SourceLocation(file: file, mark: node.mark)
    }
}
