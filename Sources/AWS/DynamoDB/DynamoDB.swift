import Foundation

/// Amazon DynamoDB in one region (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Action>`).
public struct DynamoDB: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }

    /// An item: attribute names to values.
    public typealias Item = [String: AttributeValue]

    /// A write whose `ConditionExpression` did not hold (`ConditionalCheckFailedException`).
    ///
    /// `item` is the item as it stands when the request asked for it with
    /// `returnValuesOnConditionCheckFailure: "ALL_OLD"`.
    public struct ConditionalCheckFailed: Error, Sendable, CustomStringConvertible {
        static let code = "ConditionalCheckFailedException"

        /// The service's error, with its message and request id.
        public let error: AWSError
        public let item: Item?

        init(_ error: AWSError) {
            self.error = error
            struct Details: Decodable {
                var item: Item?
            }
            self.item = error.details.flatMap {
                try? JSONProtocolCoding.decoder().decode(Details.self, from: Data($0)).item
            }
        }

        public var description: String { error.description }
    }
}

extension DynamoDB: AWSServiceClient {
    static let service = AWSService.dynamoDB

    /// A failed condition becomes `ConditionalCheckFailed`.
    static func refined(_ error: AWSError) -> any Error {
        error.code == ConditionalCheckFailed.code ? ConditionalCheckFailed(error) : error
    }
}
