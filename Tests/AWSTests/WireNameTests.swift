import Foundation
import Testing

@testable import AWS

/// One key rule for every protocol: members go out capitalised and come back matched with a lower-case first letter,
/// except where a shape names its wire member.
@Suite("Wire names")
struct WireNameTests {
    static func query(_ request: some Encodable, style: QueryEncoder.Style) throws -> [String: String] {
        let pairs = try QueryEncoder(style: style).encode(request)
        return Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    static func json(_ request: some Encodable) throws -> String {
        String(decoding: try JSONProtocolCoding.encoder().encode(request), as: UTF8.self)
    }

    @Test(
        "a member name is capitalised going out and read back with a lower-case first letter",
        arguments: [
            ("launchTemplateName", "LaunchTemplateName", "launchTemplateName"),
            ("autoScalingGroupARN", "AutoScalingGroupARN", "autoScalingGroupARN"),
            ("imagesSet", "ImagesSet", "imagesSet"),
            ("ARN", "ARN", "ARN"), ("S", "S", "S"), ("NULL", "NULL", "NULL"), ("SS", "SS", "SS"),
            ("VPCZoneIdentifier", "VPCZoneIdentifier", "VPCZoneIdentifier"), ("", "", ""),
        ])
    func rule(_ name: String, _ sent: String, _ read: String) {
        #expect(WireName.capitalized(name) == sent)
        #expect(WireName.memberName(sent) == read)
    }

    // MARK: - Requests

    @Test("query protocol: Auto Scaling, STS and SNS members capitalised, nested and listed")
    func queryRequests() throws {
        let update = AutoScaling.UpdateAutoScalingGroupRequest(
            autoScalingGroupName: "web", launchTemplate: .init(launchTemplateName: "web-lt", version: "$Latest"))
        #expect(
            try Self.query(update, style: .query) == [
                "AutoScalingGroupName": "web", "LaunchTemplate.LaunchTemplateName": "web-lt",
                "LaunchTemplate.Version": "$Latest",
            ])
        let create = AutoScaling.CreateAutoScalingGroupRequest(
            autoScalingGroupName: "web", minSize: 0, maxSize: 1, vpcZoneIdentifier: "subnet-1",
            tags: [.init(key: "team", value: "web", propagateAtLaunch: true)])
        #expect(
            try Self.query(create, style: .query) == [
                "AutoScalingGroupName": "web", "MinSize": "0", "MaxSize": "1", "VPCZoneIdentifier": "subnet-1",
                "Tags.member.1.Key": "team", "Tags.member.1.Value": "web", "Tags.member.1.PropagateAtLaunch": "true",
            ])
        let assume = STS.AssumeRoleRequest(
            roleArn: "arn:aws:iam::1:role/r", roleSessionName: "kiln", durationSeconds: 900)
        #expect(
            try Self.query(assume, style: .query) == [
                "RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "kiln", "DurationSeconds": "900",
            ])
        let publish = SNS.PublishRequest(topicArn: "arn:aws:sns:us-east-1:1:t", message: "hi", messageGroupId: "g")
        #expect(
            try Self.query(publish, style: .query) == [
                "TopicArn": "arn:aws:sns:us-east-1:1:t", "Message": "hi", "MessageGroupId": "g",
            ])
    }

    @Test("a described launch configuration sent back leaves out its ARN, creation time and empty lists")
    func launchConfigurationCopy() throws {
        let described = try ResponseDecodingTests.query(
            AutoScaling.DescribeLaunchConfigurationsResponse.self,
            """
            <DescribeLaunchConfigurationsResponse><DescribeLaunchConfigurationsResult><LaunchConfigurations><member>
            <LaunchConfigurationName>old</LaunchConfigurationName>
            <LaunchConfigurationARN>arn:aws:autoscaling:us-east-1:1:launchConfiguration:old</LaunchConfigurationARN>
            <ImageId>ami-1</ImageId><InstanceType>t3.small</InstanceType><KeyName></KeyName>
            <SecurityGroups/><CreatedTime>2024-05-01T12:00:00.000Z</CreatedTime>
            </member></LaunchConfigurations></DescribeLaunchConfigurationsResult></DescribeLaunchConfigurationsResponse>
            """
        ).launchConfigurations[0]
        #expect(described.launchConfigurationARN == "arn:aws:autoscaling:us-east-1:1:launchConfiguration:old")
        #expect(described.createdTime != nil)
        let copy = AutoScaling.CreateLaunchConfigurationRequest(copying: described, name: "new", imageId: "ami-2")
        #expect(
            try Self.query(copy, style: .query) == [
                "LaunchConfigurationName": "new", "ImageId": "ami-2", "InstanceType": "t3.small",
            ])
    }

    @Test("EC2: members capitalised, a member's locationName capitalised, lists as Name.N")
    func ec2Requests() throws {
        let describe = EC2.DescribeImagesRequest(
            imageIds: ["ami-1"], owners: ["self"], filters: [.init(name: "tag:kiln:image", values: ["web"])],
            includeDeprecated: true)
        #expect(
            try Self.query(describe, style: .ec2) == [
                "ImageId.1": "ami-1", "Owner.1": "self", "Filter.1.Name": "tag:kiln:image", "Filter.1.Value.1": "web",
                "IncludeDeprecated": "true",
            ])
        let tags = EC2.CreateTagsRequest(resources: ["ami-1"], tags: [.init(key: "kiln:image", value: "web")])
        #expect(
            try Self.query(tags, style: .ec2) == [
                "ResourceId.1": "ami-1", "Tag.1.Key": "kiln:image", "Tag.1.Value": "web",
            ])
    }

    @Test("JSON: members capitalised, map keys and attribute types as written, verbatim keys kept")
    func jsonRequests() throws {
        let get = DynamoDB.GetItemRequest(
            tableName: "leases", key: ["pk": .s("a"), "Owner": .null], consistentRead: true)
        #expect(
            try Self.json(get)
                == #"{"ConsistentRead":true,"Key":{"Owner":{"NULL":true},"pk":{"S":"a"}},"TableName":"leases"}"#)
        let list = SSM.ListCommandInvocationsRequest(
            commandId: "c-1", filters: [SSM.CommandFilter(key: "Status", value: "Success")])
        #expect(try Self.json(list) == #"{"CommandId":"c-1","Filters":[{"key":"Status","value":"Success"}]}"#)
        let send = SSM.SendCommandRequest(
            instanceIds: ["i-1"], documentName: "AWS-RunShellScript", parameters: ["commands": ["true"]])
        #expect(
            try Self.json(send)
                == #"{"DocumentName":"AWS-RunShellScript","InstanceIds":["i-1"],"Parameters":{"commands":["true"]}}"#)
    }

    // MARK: - Answers

    @Test("JSON answers: capitalised members found, acronyms and map keys kept")
    func jsonAnswers() throws {
        let parameter = try ResponseDecodingTests.json(
            SSM.GetParameterResponse.self,
            #"{"Parameter":{"Name":"/kiln/ami","Type":"String","Value":"ami-1","Version":3,"ARN":"arn:p"}}"#
        ).parameter
        #expect(parameter.name == "/kiln/ami")
        #expect(parameter.version == 3)
        #expect(parameter.arn == "arn:p")
        let item = try ResponseDecodingTests.json(
            DynamoDB.GetItemResponse.self,
            #"{"Item":{"Holder":{"S":"a"},"tags":{"SS":["x"]},"m":{"M":{"K":{"BOOL":true}}}}}"#
        ).item
        #expect(item == ["Holder": .s("a"), "tags": .ss(["x"]), "m": .m(["K": .bool(true)])])
    }

    @Test("XML answers: query-protocol members found, EC2's lower-case names as they stand")
    func xmlAnswers() throws {
        let groups = try ResponseDecodingTests.query(
            AutoScaling.DescribeAutoScalingGroupsResponse.self,
            """
            <DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups><member>
            <AutoScalingGroupName>web</AutoScalingGroupName><AutoScalingGroupARN>arn:g</AutoScalingGroupARN>
            <Tags><member><Key>team</Key><Value>web</Value></member></Tags>
            </member></AutoScalingGroups><NextToken>n</NextToken></DescribeAutoScalingGroupsResult>
            </DescribeAutoScalingGroupsResponse>
            """)
        #expect(groups.nextToken == "n")
        let group = try #require(groups.autoScalingGroups.first)
        #expect(group.autoScalingGroupARN == "arn:g")
        #expect(group.tags.map(\.key) == ["team"])
        let images = try ResponseDecodingTests.ec2(
            EC2.DescribeImagesResponse.self,
            """
            <DescribeImagesResponse><requestId>r</requestId><imagesSet><item><imageId>ami-1</imageId>
            <imageState>available</imageState><isPublic>false</isPublic></item></imagesSet></DescribeImagesResponse>
            """)
        #expect(images.images.map(\.imageId) == ["ami-1"])
        #expect(images.images.first?.state == "available")
    }
}
