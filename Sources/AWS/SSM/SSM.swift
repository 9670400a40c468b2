/// AWS Systems Manager in one region (JSON 1.1, `X-Amz-Target: AmazonSSM.<Action>`).
public struct SSM: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }

    func call<Output: Decodable>(
        _ action: String, _ input: some Encodable, output: Output.Type = Output.self
    ) async throws -> Output {
        try await client.json(.ssm, region: region, action: action, input: input, output: output)
    }
}
