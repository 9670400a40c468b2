import AWS
import Foundation
import KilnTestSupport
import Testing

@Suite("EC2 against moto", .serialized)
struct EC2MotoTests {
    @Test("describe regions and images, run an instance, image it")
    func roundTrip() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        try await TestClients.with(TestClients.client(endpoint: moto.endpoint)) { client in
            let ec2 = EC2(client: client, region: "us-east-1")
            let regions = try await ec2.describeRegions()
            #expect(regions.contains { $0.regionName == "eu-west-1" })
            let images = try await ec2.describeImages(.init(owners: ["amazon"]))
            #expect(!images.isEmpty)
            let source = try #require(images.first)
            let reservation = try await ec2.runInstances(
                .init(
                    imageId: source.imageId, instanceType: "t3.small",
                    tagSpecifications: [.init(resourceType: "instance", tags: [.init(key: "kiln:role", value: "builder")])]))
            let instance = try #require(reservation.instances.first)
            #expect(instance.tags[tag: "kiln:role"] == "builder")
            let imageId = try await ec2.createImage(.init(instanceId: instance.instanceId, name: "kiln/test/1.0.0/abc"))
            let created = try await ec2.describeImages(.init(imageIds: [imageId]))
            #expect(created.map(\.name) == ["kiln/test/1.0.0/abc"])
        }
    }
}
