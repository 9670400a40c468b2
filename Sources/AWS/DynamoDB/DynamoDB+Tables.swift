// MARK: - Operations

extension DynamoDB {
    /// `CreateTable` with one string (or `type`) partition key, billed per request (for tests and set-up).
    public func createTable(name: String, partitionKey: String, type: String = "S") async throws {
        let request = CreateTableRequest(
            tableName: name, attributeDefinitions: [.init(attributeName: partitionKey, attributeType: type)],
            keySchema: [.init(attributeName: partitionKey, keyType: "HASH")], billingMode: "PAY_PER_REQUEST")
        _ = try await call("CreateTable", request, output: EmptyResponse.self)
    }
}

// MARK: - Shapes

extension DynamoDB {
    struct CreateTableRequest: Encodable, Sendable {
        struct AttributeDefinition: Encodable, Sendable {
            var attributeName: String
            var attributeType: String
        }

        struct KeySchemaElement: Encodable, Sendable {
            var attributeName: String
            var keyType: String
        }

        var tableName: String
        var attributeDefinitions: [AttributeDefinition]
        var keySchema: [KeySchemaElement]
        var billingMode: String
    }
}
