import AWS
import Foundation
import Logging

// MARK: - The daemon's DynamoDB lease from its settings

extension DynamoDBLease {
    /// The lease `kiln daemon` takes when `lease.dynamodbTable` is set: one item per controller, keyed by its
    /// owner, lasting `lease.duration` and renewed every third of it.
    ///
    /// Run the lease as a service beside the daemon (listed before it in the group) so it is renewed through long
    /// cycles; pass it to the daemon as its `LeaseProvider`.
    public convenience init(
        settings: LeaseSettings, owner: String, dynamoDB: DynamoDB, clock: any CycleClock = SystemCycleClock(),
        logger: Logger
    ) throws {
        guard let table = settings.dynamodbTable else {
            throw DynamoDBLeaseError.invalidConfiguration("lease.dynamodbTable is not set")
        }
        let margin = min(Duration.seconds(3), settings.duration / 10)
        try self.init(
            dynamoDB: dynamoDB,
            configuration: Configuration(
                table: table, name: owner, duration: settings.duration, clockSkewMargin: margin),
            clock: clock, logger: logger)
    }
}
