import Foundation

/// Amazon Simple Notification Service in one region (query protocol, API 2010-03-31).
public struct SNS: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }

    /// `Publish` to a topic; returns the message id.
    public func publish(_ request: PublishRequest) async throws -> String {
        try await call("Publish", request, output: PublishResult.self).messageId
    }
}

// MARK: - Shapes

extension SNS {
    /// `PublishInput`, to a topic (`TargetArn` and `PhoneNumber` are not used).
    public struct PublishRequest: Encodable, Sendable, Equatable {
        public var topicArn: String
        public var message: String
        /// For e-mail subscriptions: UTF-8 without line breaks or control characters, under 100 characters.
        public var subject: String?
        /// FIFO topics: the ordering group.
        public var messageGroupId: String?
        /// FIFO topics: a repeat with the same id within five minutes is accepted but not delivered.
        public var messageDeduplicationId: String?

        public init(
            topicArn: String, message: String, subject: String? = nil, messageGroupId: String? = nil,
            messageDeduplicationId: String? = nil
        ) {
            self.topicArn = topicArn
            self.message = message
            self.subject = subject
            self.messageGroupId = messageGroupId
            self.messageDeduplicationId = messageDeduplicationId
        }
    }

    /// `PublishResponse` (inside `<PublishResult>`).
    struct PublishResult: Decodable, Sendable {
        var messageId: String
    }
}
