// MARK: - Operations

extension DynamoDB {
    /// `GetItem`: the item, or `nil` when there is none.
    public func getItem(tableName: String, key: Item, consistentRead: Bool? = nil) async throws -> Item? {
        let request = GetItemRequest(tableName: tableName, key: key, consistentRead: consistentRead)
        return try await call("GetItem", request, output: GetItemResponse.self).item
    }

    /// `PutItem`: the old item when `returnValues` is `ALL_OLD`. Throws `ConditionalCheckFailed`.
    @discardableResult
    public func putItem(_ request: PutItemRequest) async throws -> Item? {
        try await call("PutItem", request, output: AttributesResponse.self).attributes
    }

    /// `UpdateItem`: the attributes `returnValues` asks for. Throws `ConditionalCheckFailed`.
    @discardableResult
    public func updateItem(_ request: UpdateItemRequest) async throws -> Item? {
        try await call("UpdateItem", request, output: AttributesResponse.self).attributes
    }

    /// `DeleteItem`: the old item when `returnValues` is `ALL_OLD`. Throws `ConditionalCheckFailed`.
    @discardableResult
    public func deleteItem(_ request: DeleteItemRequest) async throws -> Item? {
        try await call("DeleteItem", request, output: AttributesResponse.self).attributes
    }
}

// MARK: - Shapes

extension DynamoDB {
    /// The condition members every write shares.
    public struct Condition: Sendable, Hashable {
        /// E.g. `attribute_not_exists(#k) OR #exp < :now`.
        public var expression: String
        /// `#name` → attribute name.
        public var names: [String: String]?
        /// `:value` → value.
        public var values: Item?

        public init(_ expression: String, names: [String: String]? = nil, values: Item? = nil) {
            self.expression = expression
            self.names = names
            self.values = values
        }
    }

    /// `PutItemInput`.
    public struct PutItemRequest: Encodable, Sendable {
        public var tableName: String
        public var item: Item
        public var condition: Condition?
        /// `NONE` or `ALL_OLD`.
        public var returnValues: String?
        /// `ALL_OLD` puts the current item into `ConditionalCheckFailed.item`.
        public var returnValuesOnConditionCheckFailure: String?

        public init(
            tableName: String, item: Item, condition: Condition? = nil, returnValues: String? = nil,
            returnValuesOnConditionCheckFailure: String? = nil
        ) {
            self.tableName = tableName
            self.item = item
            self.condition = condition
            self.returnValues = returnValues
            self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WriteKeys.self)
            try container.encode(tableName, forKey: .tableName)
            try container.encode(item, forKey: .item)
            try container.encodeWrite(condition, returnValues, returnValuesOnConditionCheckFailure)
        }
    }

    /// `UpdateItemInput`.
    public struct UpdateItemRequest: Encodable, Sendable {
        public var tableName: String
        public var key: Item
        /// E.g. `SET #o = :me, #exp = :until`; its names and values go in `condition` or here.
        public var updateExpression: String
        public var condition: Condition?
        /// Names and values the update expression uses that the condition does not define.
        public var names: [String: String]?
        public var values: Item?
        /// `NONE`, `ALL_OLD`, `UPDATED_OLD`, `ALL_NEW`, `UPDATED_NEW`.
        public var returnValues: String?
        public var returnValuesOnConditionCheckFailure: String?

        public init(
            tableName: String, key: Item, updateExpression: String, condition: Condition? = nil,
            names: [String: String]? = nil, values: Item? = nil, returnValues: String? = nil,
            returnValuesOnConditionCheckFailure: String? = nil
        ) {
            self.tableName = tableName
            self.key = key
            self.updateExpression = updateExpression
            self.condition = condition
            self.names = names
            self.values = values
            self.returnValues = returnValues
            self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WriteKeys.self)
            try container.encode(tableName, forKey: .tableName)
            try container.encode(key, forKey: .key)
            try container.encode(updateExpression, forKey: .updateExpression)
            try container.encodeWrite(
                condition, returnValues, returnValuesOnConditionCheckFailure, extraNames: names, extraValues: values)
        }
    }

    /// `DeleteItemInput`.
    public struct DeleteItemRequest: Encodable, Sendable {
        public var tableName: String
        public var key: Item
        public var condition: Condition?
        public var returnValues: String?
        public var returnValuesOnConditionCheckFailure: String?

        public init(
            tableName: String, key: Item, condition: Condition? = nil, returnValues: String? = nil,
            returnValuesOnConditionCheckFailure: String? = nil
        ) {
            self.tableName = tableName
            self.key = key
            self.condition = condition
            self.returnValues = returnValues
            self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WriteKeys.self)
            try container.encode(tableName, forKey: .tableName)
            try container.encode(key, forKey: .key)
            try container.encodeWrite(condition, returnValues, returnValuesOnConditionCheckFailure)
        }
    }

    enum WriteKeys: String, CodingKey {
        case tableName, item, key, updateExpression, conditionExpression, names = "expressionAttributeNames"
        case values = "expressionAttributeValues", returnValues
        case returnValuesOnFailure = "returnValuesOnConditionCheckFailure"
    }

    struct GetItemRequest: Encodable, Sendable {
        var tableName: String
        var key: Item
        var consistentRead: Bool?
    }

    struct GetItemResponse: Decodable, Sendable {
        var item: Item?
    }

    struct AttributesResponse: Decodable, Sendable {
        var attributes: Item?
    }
}

extension KeyedEncodingContainer where Key == DynamoDB.WriteKeys {
    /// The members every write shares: `ConditionExpression` with the names and values of the condition and of the
    /// write itself, merged, then `ReturnValues` and `ReturnValuesOnConditionCheckFailure`.
    fileprivate mutating func encodeWrite(
        _ condition: DynamoDB.Condition?, _ returnValues: String?, _ returnValuesOnFailure: String?,
        extraNames: [String: String]? = nil, extraValues: DynamoDB.Item? = nil
    ) throws {
        try encodeIfPresent(condition?.expression, forKey: .conditionExpression)
        let names = (condition?.names ?? [:]).merging(extraNames ?? [:]) { first, _ in first }
        let values = (condition?.values ?? [:]).merging(extraValues ?? [:]) { first, _ in first }
        if !names.isEmpty { try encode(names, forKey: .names) }
        if !values.isEmpty { try encode(values, forKey: .values) }
        try encodeIfPresent(returnValues, forKey: .returnValues)
        try encodeIfPresent(returnValuesOnFailure, forKey: .returnValuesOnFailure)
    }
}
