import AWS
import Foundation
import Testing

extension AWSIntegrationTests {
    @Suite("EC2 launch templates")
    struct LaunchTemplates {
        @Test("new version from the default with only the image changed, made the default, old version deleted")
        func versionRollout() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ec2 = EC2(client: client, region: "us-west-2")
                let images = try await ec2.describeImages(
                    .init(owners: ["099720109477"], filters: [.init(name: "name", values: ["ubuntu/images/*"])]))
                try #require(images.count >= 2)
                let (old, new) = (images[0].imageId, images[1].imageId)

                let template = try await ec2.createLaunchTemplate(
                    .init(
                        launchTemplateName: "attendance-api", versionDescription: "initial",
                        launchTemplateData: .init(imageId: old, instanceType: "t3.small")))
                #expect(template.defaultVersionNumber == 1)

                let created = try await ec2.createLaunchTemplateVersion(
                    .init(
                        template: .name("attendance-api"), sourceVersion: .default,
                        versionDescription: "kiln attendance-api 1.4.2", launchTemplateData: .init(imageId: new)))
                #expect(created.versionNumber == 2)
                #expect(created.launchTemplateData?.imageId == new)

                let pinned = try await ec2.describeLaunchTemplateVersions(
                    .init(template: .id(template.launchTemplateId), versions: [.default, .latest]))
                #expect(pinned.first { $0.defaultVersion == true }?.launchTemplateData?.imageId == old)
                #expect(pinned.first { $0.versionNumber == 2 }?.launchTemplateData?.imageId == new)

                let modified = try await ec2.modifyLaunchTemplate(
                    .id(template.launchTemplateId), defaultVersion: .number(2))
                #expect(modified.defaultVersionNumber == 2)
                let described = try await ec2.describeLaunchTemplates(.init(launchTemplateNames: ["attendance-api"]))
                #expect(described.map(\.defaultVersionNumber) == [2])
                #expect(described.map(\.latestVersionNumber) == [2])

                // moto cannot delete versions: the proxy answers for it, in EC2's wire format.
                let deleted = try await ec2.deleteLaunchTemplateVersions(
                    .name("attendance-api"), versions: [.number(1)])
                #expect(deleted.successfullyDeleted.map(\.versionNumber) == [1])
                #expect(deleted.unsuccessfullyDeleted.isEmpty)
                #expect(environment.proxy.deletedLaunchTemplateVersions.map(\.versionNumber) == [1])
            }
        }

        @Test("image deprecation is sent as EC2 expects it")
        func deprecation() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ec2 = EC2(client: client, region: "us-west-2")
                let image = try #require(try await ec2.describeImages(.init(owners: ["099720109477"])).first)
                try await ec2.enableImageDeprecation(
                    imageId: image.imageId, deprecateAt: Date(timeIntervalSince1970: 1_893_553_445))
                let recorded = environment.proxy.imageDeprecation(of: image.imageId, in: ec2.region)
                #expect(recorded?.hasPrefix("2030-01-02T03:04") == true, "\(String(describing: recorded))")
            }
        }
    }
}
