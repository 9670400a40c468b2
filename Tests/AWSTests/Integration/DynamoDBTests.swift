import AWS
import Foundation
import Testing

extension AWSIntegrationTests {
    @Suite("DynamoDB conditional writes")
    struct ConditionalWrites {
        @Test("a lease: acquired once, refused to a second holder with the current item, renewed, released")
        func lease() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let dynamo = DynamoDB(client: client, region: "us-east-2")
                try await dynamo.createTable(name: "kiln-lease", partitionKey: "pk")
                let key: DynamoDB.Item = ["pk": .s("controller")]
                func acquire(_ holder: String) -> DynamoDB.PutItemRequest {
                    .init(
                        tableName: "kiln-lease",
                        item: ["pk": .s("controller"), "owner": .s(holder), "expires": .number(1_700_000_060)],
                        condition: .init(
                            "attribute_not_exists(#pk) OR #exp < :now", names: ["#pk": "pk", "#exp": "expires"],
                            values: [":now": .number(1_700_000_000)]),
                        returnValuesOnConditionCheckFailure: "ALL_OLD")
                }
                try await dynamo.putItem(acquire("host-a"))

                environment.proxy.resetCalls()
                let refused = await #expect(throws: DynamoDB.ConditionalCheckFailed.self) {
                    try await dynamo.putItem(acquire("host-b"))
                }
                #expect(refused?.item?["owner"] == .s("host-a"))
                #expect(refused?.error.requestID?.isEmpty == false)
                #expect(refused?.error.isRetryable == false)
                #expect(environment.proxy.count(action: "PutItem") == 1)

                let renewed = try await dynamo.updateItem(
                    .init(
                        tableName: "kiln-lease", key: key, updateExpression: "SET #exp = :until",
                        condition: .init("#owner = :me", names: ["#owner": "owner"], values: [":me": .s("host-a")]),
                        names: ["#exp": "expires"], values: [":until": .number(1_700_000_120)],
                        returnValues: "ALL_NEW"))
                #expect(renewed?["expires"]?.integer == 1_700_000_120)

                await #expect(throws: DynamoDB.ConditionalCheckFailed.self) {
                    try await dynamo.deleteItem(
                        .init(
                            tableName: "kiln-lease", key: key,
                            condition: .init("#o = :me", names: ["#o": "owner"], values: [":me": .s("host-b")])))
                }
                let old = try await dynamo.deleteItem(
                    .init(
                        tableName: "kiln-lease", key: key,
                        condition: .init("#o = :me", names: ["#o": "owner"], values: [":me": .s("host-a")]),
                        returnValues: "ALL_OLD"))
                #expect(old?["owner"] == .s("host-a"))
                #expect(try await dynamo.getItem(tableName: "kiln-lease", key: key, consistentRead: true) == nil)
            }
        }
    }
}
