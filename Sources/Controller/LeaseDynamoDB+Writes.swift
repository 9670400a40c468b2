import AWS
import Foundation
import Logging

// MARK: - Acquire, renew, release

extension DynamoDBLease {
    /// Attribute names of the lease item, always written through `#` placeholders.
    static let names = ["#pk": "pk", "#holder": "holder", "#exp": "expires", "#ver": "version"]

    var key: DynamoDB.Item { ["pk": .s(configuration.name)] }

    /// Takes the lease when it is free or expired; renews it when the table says it is already this holder's.
    ///
    /// Returns `.heldElsewhere` when another holder's lease has not expired (by this host's clock). Throws
    /// `DynamoDBLeaseError` only when the table gave no answer; the lease is then unchanged.
    @discardableResult
    public func tryAcquire() async throws -> LeaseStatus {
        let generation = state.withLock { $0.generation }
        let current = try await read()
        if let current, current.holder == holder { return try await renew() }
        let sent = clock.now()
        let now = Int(sent.timeIntervalSince1970.rounded(.down))
        if let current, current.expires >= now { return Self.elsewhere(current) }
        let version = (current?.version ?? 0) + 1
        let request = DynamoDB.PutItemRequest(
            tableName: configuration.table,
            item: [
                "pk": .s(configuration.name), "holder": .s(holder), "expires": .number(expiry(sentAt: sent)),
                "version": .number(version),
            ],
            condition: .init(
                "attribute_not_exists(#pk) OR #exp < :now", names: ["#pk": "pk", "#exp": "expires"],
                values: [":now": .number(now)]),
            returnValuesOnConditionCheckFailure: "ALL_OLD")
        do {
            try await dynamoDB.putItem(request)
        } catch let refused as DynamoDB.ConditionalCheckFailed {
            return Self.elsewhere(refused.item.flatMap { try? Self.record($0) })
        } catch {
            throw DynamoDBLeaseError.unavailable("PutItem", error)
        }
        let status = commit(sentAt: sent, version: version, generation: generation)
        if status.isHeld {
            logger.info(
                "lease acquired",
                metadata: ["lease": "\(configuration.name)", "holder": "\(holder)", "version": "\(version)"])
        }
        return status
    }

    /// Extends this holder's lease by `duration` from now, if the table still names this holder.
    ///
    /// Returns `.heldElsewhere` (and stops trusting the lease at once) when it does not. Throws `DynamoDBLeaseError` when
    /// the table gave no answer; the lease is then trusted only until its current window runs out.
    @discardableResult
    public func renew() async throws -> LeaseStatus {
        let generation = state.withLock { $0.generation }
        let sent = clock.now()
        let request = DynamoDB.UpdateItemRequest(
            tableName: configuration.table, key: key, updateExpression: "SET #exp = :until, #ver = #ver + :one",
            condition: .init("#holder = :me", names: ["#holder": "holder"], values: [":me": .s(holder)]),
            names: ["#exp": "expires", "#ver": "version"],
            values: [":until": .number(expiry(sentAt: sent)), ":one": .number(1)],
            returnValues: "ALL_NEW", returnValuesOnConditionCheckFailure: "ALL_OLD")
        let item: DynamoDB.Item?
        do {
            item = try await dynamoDB.updateItem(request)
        } catch let refused as DynamoDB.ConditionalCheckFailed {
            let wasHeld = state.withLock { state in
                defer { state.trustedUntil = nil }
                return state.trustedUntil != nil
            }
            let other = refused.item.flatMap { try? Self.record($0) }
            if wasHeld {
                logger.warning(
                    "lease lost to another holder",
                    metadata: ["lease": "\(configuration.name)", "other": "\(other?.holder ?? "none")"])
            }
            return Self.elsewhere(other)
        } catch {
            throw DynamoDBLeaseError.unavailable("UpdateItem", error)
        }
        let version = try item.map(Self.record)?.version ?? 0
        return commit(sentAt: sent, version: version, generation: generation)
    }

    /// Stops trusting the lease at once, then deletes the item if it still names this holder, so another host can
    /// take over without waiting for expiry. Handing over a lease held elsewhere changes nothing.
    public func handOver() async throws {
        let wasHeld = state.withLock { state in
            defer {
                state.trustedUntil = nil
                state.generation += 1
            }
            return state.trustedUntil != nil
        }
        let request = DynamoDB.DeleteItemRequest(
            tableName: configuration.table, key: key,
            condition: .init("#holder = :me", names: ["#holder": "holder"], values: [":me": .s(holder)]))
        do {
            try await dynamoDB.deleteItem(request)
            if wasHeld { logger.info("lease released", metadata: ["lease": "\(configuration.name)"]) }
        } catch is DynamoDB.ConditionalCheckFailed {
            return
        } catch {
            throw DynamoDBLeaseError.unavailable("DeleteItem", error)
        }
    }

    // MARK: - Reading

    /// The lease item, read consistently; nil when there is none.
    func read() async throws -> LeaseRecord? {
        let item: DynamoDB.Item?
        do {
            item = try await dynamoDB.getItem(tableName: configuration.table, key: key, consistentRead: true)
        } catch {
            throw DynamoDBLeaseError.unavailable("GetItem", error)
        }
        return try item.map(Self.record)
    }

    static func record(_ item: DynamoDB.Item) throws -> LeaseRecord {
        guard let holder = item["holder"]?.string, let expires = item["expires"]?.integer else {
            throw DynamoDBLeaseError.invalidItem("it needs a string holder and a number expires")
        }
        return LeaseRecord(holder: holder, expires: expires, version: item["version"]?.integer ?? 0)
    }

    static func elsewhere(_ record: LeaseRecord?) -> LeaseStatus {
        .heldElsewhere(
            holder: record?.holder,
            expires: record.map { Date(timeIntervalSince1970: TimeInterval($0.expires)) })
    }

    /// Records a successful write sent at `sent`, unless the lease was released while it was in flight.
    private func commit(sentAt sent: Date, version: Int, generation: Int) -> LeaseStatus {
        let until = trustWindow(sentAt: sent)
        let committed = state.withLock { state -> Bool in
            guard state.generation == generation else { return false }
            state.trustedUntil = until
            state.version = version
            return true
        }
        guard committed else { return .heldElsewhere(holder: nil, expires: nil) }
        return .held(trustedUntil: until, version: version)
    }
}
