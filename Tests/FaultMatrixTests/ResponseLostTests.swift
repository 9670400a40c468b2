import AWS
import Foundation
import KilnTestSupport
import Testing

/// The proxy's `.responseLost` fault, which the matrix relies on: moto carries the call out, the client only sees its
/// connection reset. (In the lifecycle suite, to share its moto.)
extension AWSFaultLifecycleTests {
    @Test func aLostResponseIsCarriedOutAndTheClientHearsNothing() async throws {
        let moto = try SharedMoto.server()
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        defer { proxy.stop() }
        let endpoint = proxy.endpoint
        let client = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in endpoint }, retryStrategy: .none, httpClient: .shared)
        let rule = proxy.inject(.responseLost, on: .action("CreateLaunchTemplate", of: "ec2"), trigger: .nextCalls(1))
        let name = "lost-\(UUID().uuidString.prefix(8))"
        let request = EC2.CreateLaunchTemplateRequest(
            launchTemplateName: name, launchTemplateData: EC2.RequestLaunchTemplateData(instanceType: "t3.micro"))

        let ec2 = EC2(client: client, region: "us-east-1")
        await #expect(throws: AWSError.self) { _ = try await ec2.createLaunchTemplate(request) }
        #expect(proxy.firedCount(rule) == 1)
        let templates = try await FaultWorld(endpoint: endpoint).call([
            ("ec2", "describe_launch_templates", ["LaunchTemplateNames": [name]])
        ])
        let found = (templates.first?["LaunchTemplates"] as? [[String: Any]])?.compactMap { $0["LaunchTemplateName"] }
        #expect(found?.count == 1, "moto made the template although the client never heard")
    }
}
