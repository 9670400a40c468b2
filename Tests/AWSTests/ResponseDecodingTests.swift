import Foundation
import Testing

@testable import AWS

/// Real moto answers decode into the typed responses.
@Suite("Decoding recorded responses")
struct ResponseDecodingTests {
    static func ec2<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try AWSXML.decode(type, from: Array(body.utf8), resultWrapped: false)
    }

    static func query<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try AWSXML.decode(type, from: Array(body.utf8), resultWrapped: true)
    }

    static func json<T: Decodable>(_ type: T.Type, _ body: String) throws -> T {
        try JSONProtocolCoding.decoder().decode(type, from: Data(body.utf8))
    }

    // MARK: - EC2

    @Test func runInstances() throws {
        let reservation = try Self.ec2(EC2.Reservation.self, MotoResponses.runInstances)
        #expect(reservation.reservationId == "r-e658ab707eb677d1a")
        let instance = try #require(reservation.instances.first)
        #expect(reservation.instances.count == 1)
        #expect(instance.instanceId.hasPrefix("i-"))
        #expect(instance.state?.name == "pending")
        #expect(instance.state?.code == 0)
        #expect(instance.iamInstanceProfile?.arn == "arn:aws:iam::123456789012:instance-profile/builder")
        #expect(instance.tags == [.init(key: "kiln:role", value: "builder"), .init(key: "empty", value: "")])
        #expect(instance.metadataOptions?.httpTokens == "required")
        #expect(instance.launchTime != nil)
    }

    @Test func describeInstances() throws {
        let page = try Self.ec2(EC2.DescribeInstancesResponse.self, MotoResponses.describeInstances)
        #expect(page.nextToken == nil)
        #expect(page.items.flatMap(\.instances).count == 1)
        #expect(page.reservations.first?.instances.first?.imageId?.hasPrefix("ami-") == true)
    }

    @Test func describeImages() throws {
        let page = try Self.ec2(EC2.DescribeImagesResponse.self, MotoResponses.describeImagesCreated)
        let image = try #require(page.images.first)
        #expect(image.imageId == "ami-33f825e38a4a12107")
        #expect(image.name == "kiln/api/1.0.0/abcd1234")
        #expect(image.state == "available")
        #expect(image.ownerId == "123456789012")
        #expect(image.public == false)
        #expect(image.tags[tag: "kiln:image"] == "api")
        #expect(image.snapshotIds == ["snap-e053421f2f01123d1"])
        #expect(image.creationTime == Date(timeIntervalSince1970: 1_795_936_414))
    }

    @Test func describeSnapshots() throws {
        let page = try Self.ec2(EC2.DescribeSnapshotsResponse.self, MotoResponses.describeSnapshots)
        let snapshot = try #require(page.snapshots.first)
        #expect(snapshot.snapshotId == "snap-e053421f2f01123d1")
        #expect(snapshot.state == "completed")
        #expect(snapshot.tags[tag: "kiln:image"] == "api")
        #expect(snapshot.startTime == Date(timeIntervalSince1970: 1_795_936_414))
        #expect(snapshot.volumeSize == 15)
    }

    @Test("the public initialisers build what decoding builds")
    func construction() throws {
        let decoded = try #require(
            try Self.ec2(EC2.DescribeSnapshotsResponse.self, MotoResponses.describeSnapshots).snapshots.first)
        let built = EC2.Snapshot(
            snapshotId: "snap-e053421f2f01123d1", volumeId: "vol-7cd8d0ea9bbc61e40", state: "completed",
            startTime: Date(timeIntervalSince1970: 1_795_936_414), progress: "100%", ownerId: "123456789012",
            description: "Created by CreateImage(i-68476e35b5617236d) for ami-33f825e38a4a12107", volumeSize: 15,
            encrypted: false, tags: [.init(key: "kiln:image", value: "api")])
        #expect(built == decoded)
    }

    @Test func stopInstances() throws {
        let changes = try Self.ec2(EC2.StateChanges.self, MotoResponses.stopInstances).changes
        #expect(changes.count == 1)
        #expect(changes.first?.previousState?.name == "running")
        #expect(changes.first?.currentState?.name == "stopping")
    }

    @Test func launchTemplates() throws {
        let versions = try Self.ec2(
            EC2.DescribeLaunchTemplateVersionsResponse.self, MotoResponses.describeLaunchTemplateVersions)
        #expect(versions.launchTemplateVersions.map(\.versionNumber) == [1, 2])
        #expect(versions.launchTemplateVersions.first?.defaultVersion == true)
        #expect(versions.launchTemplateVersions.last?.launchTemplateData?.imageId == "ami-33f825e38a4a12107")
        #expect(versions.launchTemplateVersions.first?.launchTemplateData?.securityGroupIds == ["sg-1", "sg-2"])
        #expect(versions.launchTemplateVersions.first?.launchTemplateData?.iamInstanceProfile?.name == "app")

        let created = try Self.ec2(
            EC2.CreateLaunchTemplateVersionResponse.self, MotoResponses.createLaunchTemplateVersion)
        #expect(created.launchTemplateVersion.versionNumber == 2)
        #expect(created.launchTemplateVersion.versionDescription == "kiln 1.0.0")

        let modified = try Self.ec2(EC2.ModifyLaunchTemplateResponse.self, MotoResponses.modifyLaunchTemplate)
        #expect(modified.launchTemplate.launchTemplateName == "api")
        let described = try Self.ec2(EC2.DescribeLaunchTemplatesResponse.self, MotoResponses.describeLaunchTemplates)
        #expect(described.launchTemplates.first?.defaultVersionNumber == 2)
        #expect(described.launchTemplates.first?.latestVersionNumber == 2)
    }

    // MARK: - Auto Scaling

    @Test func autoScalingGroups() throws {
        let page = try Self.query(
            AutoScaling.DescribeAutoScalingGroupsResponse.self, MotoResponses.describeAutoScalingGroups)
        let group = try #require(page.autoScalingGroups.first)
        #expect(group.autoScalingGroupName == "api")
        #expect(group.launchTemplate == nil)
        #expect(group.mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification?.version == "$Default")
        #expect(group.launchTemplates.map(\.version) == ["$Default", "1"])
        #expect(group.instances.first?.lifecycleState == "InService")
        #expect(group.instances.first?.launchTemplate?.version == "2")
        #expect(group.tags.first?.key == "team")
        #expect(group.tags.first?.propagateAtLaunch == true)
    }

    @Test func launchConfigurations() throws {
        let page = try Self.query(
            AutoScaling.DescribeLaunchConfigurationsResponse.self, MotoResponses.describeLaunchConfigurations)
        let configuration = try #require(page.launchConfigurations.first)
        #expect(configuration.launchConfigurationName == "legacy-1")
        #expect(configuration.securityGroups == ["sg-1"])
        #expect(configuration.userData == "ZWNobyBoaQ==")
        #expect(configuration.blockDeviceMappings.first?.ebs?.volumeSize == 20)
        #expect(configuration.blockDeviceMappings.first?.ebs?.encrypted == true)
        #expect(configuration.instanceMonitoring?.enabled == false)
        #expect(configuration.metadataOptions?.httpTokens == "required")
        #expect(configuration.iamInstanceProfile == "app")
    }

    // MARK: - SSM, STS, DynamoDB

    @Test func ssm() throws {
        let parameter = try Self.json(SSM.GetParameterResponse.self, MotoResponses.getParameter).parameter
        #expect(parameter.value == "ami-33f825e38a4a12107")
        #expect(parameter.dataType == "aws:ec2:image")
        #expect(parameter.version == 1)
        #expect(!parameter.description.contains(parameter.value))
        let command = try Self.json(SSM.SendCommandResponse.self, MotoResponses.sendCommand).command
        #expect(command.documentName == "AWS-RunShellScript")
        #expect(command.comment == "kiln provision")
        let invocation = try Self.json(SSM.CommandInvocation.self, MotoResponses.getCommandInvocation)
        #expect(invocation.status == "Success")
        #expect(invocation.isFinished)
        #expect(invocation.responseCode == 0)
    }

    @Test func sts() throws {
        let identity = try Self.query(STS.CallerIdentity.self, MotoResponses.getCallerIdentity)
        #expect(identity.account == "123456789012")
        let assumed = try Self.query(STS.AssumeRoleResult.self, MotoResponses.assumeRole)
            .assumedRole(service: .sts, action: "AssumeRole")
        #expect(assumed.credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(assumed.credentials.sessionToken?.isEmpty == false)
        #expect(assumed.credentials.expiration != nil)
        #expect(assumed.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/kiln/kiln")
        #expect(!"\(assumed)".contains(assumed.credentials.secretAccessKey))
    }

    @Test func dynamoDB() throws {
        let item = try Self.json(DynamoDB.GetItemResponse.self, MotoResponses.getItem).item
        #expect(item == ["pk": .s("lock"), "owner": .s("a"), "exp": .n("100")])
        #expect(item?["exp"]?.integer == 100)
        let empty = try Self.json(DynamoDB.GetItemResponse.self, "{}")
        #expect(empty.item == nil)

        let failure = DynamoDB.ConditionalCheckFailed(
            AWSError.parse(
                status: 400, headers: [], body: Array(MotoResponses.putItemConditionalFailure.utf8),
                service: .dynamoDB, action: "PutItem"))
        #expect(failure.item?["owner"] == .s("a"))
        #expect(failure.error.code == "ConditionalCheckFailedException")
    }

    @Test("every attribute value type survives a round trip")
    func attributeValues() throws {
        let value: DynamoDB.AttributeValue = .m([
            "s": .s("x"), "n": .n("-1.5"), "b": .b(Data([0, 255])), "ss": .ss(["a"]), "ns": .ns(["1", "2"]),
            "bs": .bs([Data([1])]), "l": .l([.null, .bool(false)]),
        ])
        let data = try JSONProtocolCoding.encoder().encode(value)
        #expect(String(decoding: data, as: UTF8.self).contains(#""b":{"B":"AP8="}"#))
        #expect(try JSONProtocolCoding.decoder().decode(DynamoDB.AttributeValue.self, from: data) == value)
    }

    @Test("a malformed answer is a typed InvalidResponse naming the missing member")
    func invalidResponse() throws {
        let error = #expect(throws: (any Error).self) {
            try Self.ec2(
                EC2.Reservation.self,
                "<RunInstancesResponse><instancesSet><item><imageId>ami-1</imageId></item></instancesSet>"
                    + "</RunInstancesResponse>")
        }
        let summary = DecodingFailure.summary(try #require(error))
        #expect(summary.contains("instanceId"), "\(summary)")
    }
}
