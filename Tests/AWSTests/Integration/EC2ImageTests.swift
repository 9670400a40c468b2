@testable import AWS
import Foundation
import Testing

extension AWSIntegrationTests {
    @Suite("EC2 images and instances")
    struct EC2Images {
        typealias Tag = EC2.Tag

        /// An Ubuntu image moto ships in every region, found as a manifest's source filter would find it.
        static func sourceImage(_ ec2: EC2) async throws -> EC2.Image {
            let images = try await ec2.describeImages(
                .init(
                    owners: ["099720109477"],
                    filters: [.init(name: "name", values: ["ubuntu/images/hvm-ssd/ubuntu-trusty-14.04-amd64-*"])]))
            return try #require(images.first)
        }

        @Test("run a builder, image it, copy, share, tag, deregister")
        func bakeRoundTrip() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ec2 = EC2(client: client, region: "us-east-1")
                let source = try await Self.sourceImage(ec2)

                let reservation = try await ec2.runInstances(
                    .init(
                        imageId: source.imageId, instanceType: "t3.small",
                        iamInstanceProfile: .init(name: AWSEnvironment.instanceProfile),
                        blockDeviceMappings: [
                            .init(
                                deviceName: "/dev/xvda",
                                ebs: .init(
                                    deleteOnTermination: true, volumeSize: 16, volumeType: "gp3", encrypted: true))
                        ],
                        tagSpecifications: [
                            .init(resourceType: "instance", tags: [Tag(key: "kiln:role", value: "builder")]),
                            .init(resourceType: "volume", tags: [Tag(key: "kiln:image", value: "api")]),
                        ],
                        clientToken: "api-1.0.0-abcd-1", userData: "#!/bin/sh\necho ready\n"))
                let launched = try #require(reservation.instances.first)
                let described = try await ec2.describeInstances(.init(instanceIds: [launched.instanceId]))
                let instance = try #require(described.first)
                #expect(instance.tags[tag: "kiln:role"] == "builder")
                #expect(instance.imageId == source.imageId)
                #expect(instance.metadataOptions?.httpTokens == "required")
                #expect(instance.iamInstanceProfile?.arn?.hasSuffix("/\(AWSEnvironment.instanceProfile)") == true)

                let stopped = try await ec2.stopInstances(instanceIds: [launched.instanceId])
                #expect(stopped.map(\.instanceId) == [launched.instanceId])

                let imageId = try await ec2.createImage(
                    .init(
                        instanceId: launched.instanceId, name: "kiln/api/1.0.0/abcd1234", description: "api 1.0.0",
                        tagSpecifications: [
                            .init(resourceType: "image", tags: [Tag(key: "kiln:image", value: "api")])
                        ]))
                let byTag = try await ec2.describeImages(
                    .init(owners: ["self"], filters: [.init(name: "tag:kiln:image", values: ["api"])]))
                let image = try #require(byTag.first { $0.imageId == imageId })
                #expect(image.name == "kiln/api/1.0.0/abcd1234")
                #expect(image.state == "available")
                let snapshotIds = image.snapshotIds
                #expect(!snapshotIds.isEmpty)
                try await ec2.createTags(resources: snapshotIds, tags: [Tag(key: "kiln:image", value: "api")])
                let snapshots = try await ec2.describeSnapshots(.init(snapshotIds: snapshotIds))
                #expect(snapshots.allSatisfy { $0.tags[tag: "kiln:image"] == "api" })

                let west = EC2(client: client, region: "eu-west-1")
                let copyId = try await west.copyImage(
                    .init(
                        sourceImageId: imageId, sourceRegion: "us-east-1", name: "kiln/api/1.0.0/abcd1234",
                        encrypted: true, clientToken: "copy-api-1.0.0",
                        tagSpecifications: [
                            .init(resourceType: "image", tags: [Tag(key: "kiln:image", value: "api")])
                        ]))
                #expect(try await west.describeImages(.init(imageIds: [copyId])).first?.name == image.name)
                #expect(try await ec2.describeImages(.init(imageIds: [imageId])).count == 1)

                try await ec2.modifyImageAttribute(.share(imageId: imageId, withAccounts: ["210987654321"]))
                try await ec2.modifySnapshotAttribute(
                    .share(snapshotId: snapshotIds[0], withAccounts: ["210987654321"]))
                let shared = try await ec2.describeImages(.init(imageIds: [imageId], executableUsers: ["210987654321"]))
                #expect(shared.map(\.imageId) == [imageId])

                try await ec2.deleteTags(resources: [imageId], keys: ["kiln:image"])
                #expect(try await ec2.describeImages(.init(imageIds: [imageId])).first?.tags[tag: "kiln:image"] == nil)

                try await ec2.deregisterImage(.init(imageId: imageId))
                for snapshotId in snapshotIds { try await ec2.deleteSnapshot(snapshotId: snapshotId) }
                let gone = try await ec2.describeImages(
                    .init(owners: ["self"], filters: [.init(name: "image-id", values: [imageId])]))
                #expect(gone.isEmpty)
                let terminated = try await ec2.terminateInstances(instanceIds: [launched.instanceId])
                #expect(terminated.first?.previousState?.name == "stopped")
                #expect(["shutting-down", "terminated"].contains(terminated.first?.currentState?.name ?? ""))
            }
        }

        @Test("two regions on one endpoint keep separate state")
        func regionsAreSeparate() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let east = EC2(client: client, region: "us-east-1")
                let west = EC2(client: client, region: "eu-west-1")
                let source = try await Self.sourceImage(west)
                let launched = try await west.runInstances(
                    .init(
                        imageId: source.imageId, instanceType: "t3.micro",
                        tagSpecifications: [
                            .init(resourceType: "instance", tags: [Tag(key: "kiln:probe", value: "west")])
                        ]))
                let id = try #require(launched.instances.first?.instanceId)
                let filter = EC2.Filter(name: "tag:kiln:probe", values: ["west"])
                #expect(try await west.describeInstances(.init(filters: [filter])).map(\.instanceId) == [id])
                #expect(try await east.describeInstances(.init(filters: [filter])).isEmpty)
                let regions = try await east.describeRegions(regionNames: ["eu-west-1"])
                #expect(regions.map(\.regionName) == ["eu-west-1"])
                _ = try await west.terminateInstances(instanceIds: [id])
            }
        }

        @Test("DescribeInstances follows NextToken across every page")
        func pagination() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ec2 = EC2(client: client, region: "ap-southeast-2")
                let source = try await Self.sourceImage(ec2)
                var launched: [String] = []
                for index in 0..<7 {
                    let reservation = try await ec2.runInstances(
                        .init(
                            imageId: source.imageId, instanceType: "t3.micro",
                            tagSpecifications: [
                                .init(resourceType: "instance", tags: [Tag(key: "kiln:page", value: "\(index)")])
                            ]))
                    launched += reservation.instances.map(\.instanceId)
                }
                environment.proxy.resetCalls()
                var pageSizes: [Int] = []
                for try await page in ec2.describeInstancesPages(.init(maxResults: 3)) {
                    pageSizes.append(page.reservations.count)
                }
                #expect(pageSizes == [3, 3, 1])
                #expect(environment.proxy.count(action: "DescribeInstances", region: "ap-southeast-2") == 3)
                let all = try await ec2.describeInstances(.init(maxResults: 2))
                #expect(Set(all.map(\.instanceId)) == Set(launched))
            }
        }

        @Test("DescribeImages pages (the proxy pages what moto answers whole) and ClientToken replays")
        func imagePagesAndIdempotency() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ec2 = EC2(client: client, region: "ca-central-1")
                let request = EC2.DescribeImagesRequest(
                    owners: ["099720109477"], filters: [.init(name: "name", values: ["ubuntu/images/*"])])
                let whole = try await ec2.describeImages(request)
                try #require(whole.count >= 2)
                var paged = request
                paged.maxResults = 1
                var pages = 0
                var ids: [String] = []
                for try await page in ec2.describeImagesPages(paged) {
                    pages += 1
                    ids += page.images.map(\.imageId)
                }
                #expect(pages == whole.count)
                #expect(ids == whole.map(\.imageId))

                let run = EC2.RunInstancesRequest(
                    imageId: whole[0].imageId, instanceType: "t3.micro", clientToken: "api-1.4.2-abcd1234-1")
                let first = try await ec2.runInstances(run)
                let again = try await ec2.runInstances(run)
                #expect(first.instances.map(\.instanceId) == again.instances.map(\.instanceId))
            }
        }
    }
}
