/// AWS Systems Manager in one region (JSON 1.1, `X-Amz-Target: AmazonSSM.<Action>`).
public struct SSM: Sendable {
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }
}
