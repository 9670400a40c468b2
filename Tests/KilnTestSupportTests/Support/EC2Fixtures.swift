import Foundation
import KilnTestSupport
import Testing

/// EC2 set-up calls made through the proxy, so the proxy observes them.
enum EC2Fixtures {
    /// Launches one instance (moto accepts any AMI id) and returns its id.
    static func launchInstance(through proxy: FaultProxy, region: String) async throws -> String {
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "RunInstances",
                [("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("InstanceType", "t3.micro")]))
        #expect(reply.status == 200)
        return try #require(AWSTestCall.xmlValue("instanceId", in: reply.body))
    }

    /// Creates an image from a new instance and returns its id.
    static func createImage(through proxy: FaultProxy, region: String) async throws -> String {
        let instance = try await launchInstance(through: proxy, region: region)
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "CreateImage",
                [("InstanceId", instance), ("Name", "kiln/test/\(UUID().uuidString)")]))
        #expect(reply.status == 200)
        return try #require(AWSTestCall.xmlValue("imageId", in: reply.body))
    }

    static func describeImage(_ image: String, through proxy: FaultProxy, region: String) async throws -> String {
        try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "DescribeImages", [("ImageId.1", image)])
        ).body
    }
}
