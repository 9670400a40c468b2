import Foundation
import Testing

@testable import AWS

/// Auto Scaling, STS, SSM and DynamoDB requests beside the same request in botocore's names.
enum OtherSerializationCases {
    static var all: [SerializationCase] { autoScaling + sts + ssm + dynamoDB }

    static var launchConfiguration: AutoScaling.LaunchConfiguration {
        get throws {
            let xml = MotoResponses.describeLaunchConfigurations
            return try #require(
                try AWSXML.decode(
                    AutoScaling.DescribeLaunchConfigurationsResponse.self, from: Array(xml.utf8), resultWrapped: true
                ).launchConfigurations.first)
        }
    }

    static var autoScaling: [SerializationCase] {
        [
            .query(
                .autoScaling, "DescribeAutoScalingGroups",
                #"""
                {"AutoScalingGroupNames": ["api", "web"], "MaxRecords": 10, "NextToken": "n1",
                 "Filters": [{"Name": "tag:kiln:owner", "Values": ["ops", "dev"]}]}
                """#,
                {
                    var request = AutoScaling.DescribeAutoScalingGroupsRequest(
                        autoScalingGroupNames: ["api", "web"],
                        filters: [.init(name: "tag:kiln:owner", values: ["ops", "dev"])], maxRecords: 10)
                    request.nextToken = "n1"
                    return request
                }()),
            .query(
                .autoScaling, "CreateLaunchConfiguration",
                #"""
                {"LaunchConfigurationName": "legacy-2", "ImageId": "ami-2", "InstanceType": "t3.small",
                 "SecurityGroups": ["sg-1"], "UserData": "ZWNobyBoaQ==", "IamInstanceProfile": "app",
                 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3",
                     "Encrypted": true}, "NoDevice": false}],
                 "InstanceMonitoring": {"Enabled": false}, "EbsOptimized": false, "AssociatePublicIpAddress": false,
                 "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"}}
                """#,
                (try? AutoScaling.CreateLaunchConfigurationRequest(
                    copying: launchConfiguration, name: "legacy-2", imageId: "ami-2"))
                    ?? .init(launchConfigurationName: "unreadable fixture", imageId: "", instanceType: "")),
            .query(
                .autoScaling, "UpdateAutoScalingGroup",
                #"""
                {"AutoScalingGroupName": "api", "LaunchTemplate": {"LaunchTemplateId": "lt-1", "Version": "$Latest"}}
                """#,
                AutoScaling.UpdateAutoScalingGroupRequest(
                    autoScalingGroupName: "api", launchTemplate: .init(launchTemplateId: "lt-1", version: "$Latest"))),
            .query(
                .autoScaling, "UpdateAutoScalingGroup",
                #"{"AutoScalingGroupName": "legacy", "LaunchConfigurationName": "legacy-2"}"#,
                AutoScaling.UpdateAutoScalingGroupRequest(
                    autoScalingGroupName: "legacy", launchConfigurationName: "legacy-2")),
            .query(
                .autoScaling, "CreateAutoScalingGroup",
                #"""
                {"AutoScalingGroupName": "api", "MinSize": 1, "MaxSize": 3, "DesiredCapacity": 2,
                 "AvailabilityZones": ["us-east-1a", "us-east-1b"],
                 "MixedInstancesPolicy": {"LaunchTemplate": {
                     "LaunchTemplateSpecification": {"LaunchTemplateName": "api", "Version": "$Default"},
                     "Overrides": [{"InstanceType": "t3.small"}, {"InstanceType": "t3.large",
                         "LaunchTemplateSpecification": {"LaunchTemplateId": "lt-2", "Version": "3"}}]}},
                 "Tags": [{"Key": "team", "Value": "attendance", "PropagateAtLaunch": true}]}
                """#,
                AutoScaling.CreateAutoScalingGroupRequest(
                    autoScalingGroupName: "api",
                    mixedInstancesPolicy: .init(
                        launchTemplate: .init(
                            launchTemplateSpecification: .init(launchTemplateName: "api", version: "$Default"),
                            overrides: [
                                .init(instanceType: "t3.small"),
                                .init(
                                    instanceType: "t3.large",
                                    launchTemplateSpecification: .init(launchTemplateId: "lt-2", version: "3")),
                            ])),
                    minSize: 1, maxSize: 3, desiredCapacity: 2, availabilityZones: ["us-east-1a", "us-east-1b"],
                    tags: [.init(key: "team", value: "attendance", propagateAtLaunch: true)])),
            .query(
                .autoScaling, "StartInstanceRefresh",
                #"""
                {"AutoScalingGroupName": "api", "Strategy": "Rolling",
                 "Preferences": {"MinHealthyPercentage": 90, "SkipMatching": true, "InstanceWarmup": 60}}
                """#,
                AutoScaling.StartInstanceRefreshRequest(
                    autoScalingGroupName: "api", strategy: "Rolling",
                    preferences: .init(minHealthyPercentage: 90, instanceWarmup: 60, skipMatching: true))),
            .query(
                .autoScaling, "DescribeInstanceRefreshes",
                #"{"AutoScalingGroupName": "api", "InstanceRefreshIds": ["r-1"], "MaxRecords": 5}"#,
                AutoScaling.DescribeInstanceRefreshesRequest(
                    autoScalingGroupName: "api", instanceRefreshIds: ["r-1"], maxRecords: 5)),
            .query(
                .autoScaling, "DescribeLaunchConfigurations", #"{"LaunchConfigurationNames": ["a", "b"]}"#,
                AutoScaling.DescribeLaunchConfigurationsRequest(launchConfigurationNames: ["a", "b"])),
            .query(
                .autoScaling, "DescribeLaunchConfigurations", #"{"LaunchConfigurationNames": []}"#,
                AutoScaling.DescribeLaunchConfigurationsRequest(launchConfigurationNames: [])),
            .query(
                .autoScaling, "DeleteLaunchConfiguration", #"{"LaunchConfigurationName": "legacy-1"}"#,
                AutoScaling.LaunchConfigurationNameRequest(launchConfigurationName: "legacy-1")),
        ]
    }

    static var sts: [SerializationCase] {
        [
            .query(
                .sts, "AssumeRole",
                #"""
                {"RoleArn": "arn:aws:iam::123456789012:role/kiln", "RoleSessionName": "kiln@ops-1",
                 "ExternalId": "x=y&z", "DurationSeconds": 900}
                """#,
                STS.AssumeRoleRequest(
                    roleArn: "arn:aws:iam::123456789012:role/kiln", roleSessionName: "kiln@ops-1", externalId: "x=y&z",
                    durationSeconds: 900)),
            .query(
                .sts, "AssumeRoleWithWebIdentity",
                #"""
                {"RoleArn": "arn:aws:iam::123456789012:role/kiln", "RoleSessionName": "ci",
                 "WebIdentityToken": "eyJ.a+b/c=="}
                """#,
                STS.AssumeRoleWithWebIdentityRequest(
                    roleArn: "arn:aws:iam::123456789012:role/kiln", roleSessionName: "ci",
                    webIdentityToken: "eyJ.a+b/c==")),
            .query(.sts, "GetCallerIdentity", "{}", STS.EmptyRequest()),
        ]
    }

    static var ssm: [SerializationCase] {
        [
            .json(
                .ssm, "SendCommand",
                #"""
                {"InstanceIds": ["i-1"], "DocumentName": "AWS-RunShellScript", "TimeoutSeconds": 600,
                 "Comment": "kiln api provision", "Parameters": {"commands": ["set -eu", "echo \"hi\""],
                 "executionTimeout": ["3600"]}}
                """#,
                SSM.SendCommandRequest.runShellScript(
                    instanceId: "i-1", commands: ["set -eu", "echo \"hi\""], executionTimeout: 3600,
                    timeoutSeconds: 600, comment: "kiln api provision")),
            .json(
                .ssm, "PutParameter",
                #"""
                {"Name": "/kiln/api/ami", "Value": "ami-1", "Type": "String", "Overwrite": true,
                 "DataType": "aws:ec2:image"}
                """#,
                SSM.PutParameterRequest.imageID(name: "/kiln/api/ami", imageId: "ami-1")),
            .json(
                .ssm, "GetCommandInvocation",
                #"{"CommandId": "5c1f9a4e-7b0e-4d0a-9f3e-0123456789ab", "InstanceId": "i-1"}"#,
                SSM.GetCommandInvocationRequest(commandId: "5c1f9a4e-7b0e-4d0a-9f3e-0123456789ab", instanceId: "i-1")),
            .json(
                .ssm, "GetParameter", #"{"Name": "/kiln/api/ami", "WithDecryption": false}"#,
                SSM.GetParameterRequest(name: "/kiln/api/ami", withDecryption: false)),
            .json(
                .ssm, "GetParameters", #"{"Names": ["/kiln/api/ami", "/kiln/web/ami"]}"#,
                SSM.GetParametersRequest(names: ["/kiln/api/ami", "/kiln/web/ami"])),
            .json(
                .ssm, "GetParametersByPath", #"{"Path": "/kiln/", "Recursive": true, "MaxResults": 10}"#,
                SSM.GetParametersByPathRequest(path: "/kiln/", recursive: true, maxResults: 10)),
            .json(
                .ssm, "DescribeInstanceInformation",
                #"{"Filters": [{"Key": "InstanceIds", "Values": ["i-1"]}]}"#,
                SSM.DescribeInstanceInformationRequest.instances(["i-1"])),
        ]
    }

    static var dynamoDB: [SerializationCase] {
        [
            .json(
                .dynamoDB, "PutItem",
                #"""
                {"TableName": "kiln-lease", "Item": {"pk": {"S": "lease"}, "owner": {"S": "host-a"},
                    "expires": {"N": "1700000060"}, "tags": {"SS": ["a", "b"]}, "meta": {"M": {"ok": {"BOOL": true},
                    "gone": {"NULL": true}, "list": {"L": [{"N": "1"}, {"S": "x"}]}}}},
                 "ConditionExpression": "attribute_not_exists(#pk) OR #exp < :now",
                 "ExpressionAttributeNames": {"#pk": "pk", "#exp": "expires"},
                 "ExpressionAttributeValues": {":now": {"N": "1700000000"}},
                 "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
                """#,
                DynamoDB.PutItemRequest(
                    tableName: "kiln-lease",
                    item: [
                        "pk": .s("lease"), "owner": .s("host-a"), "expires": .number(1_700_000_060),
                        "tags": .ss(["a", "b"]),
                        "meta": .m(["ok": .bool(true), "gone": .null, "list": .l([.n("1"), .s("x")])]),
                    ],
                    condition: .init(
                        "attribute_not_exists(#pk) OR #exp < :now", names: ["#pk": "pk", "#exp": "expires"],
                        values: [":now": .n("1700000000")]),
                    returnValuesOnConditionCheckFailure: "ALL_OLD")),
            .json(
                .dynamoDB, "UpdateItem",
                #"""
                {"TableName": "kiln-lease", "Key": {"pk": {"S": "lease"}},
                 "UpdateExpression": "SET #exp = :until", "ConditionExpression": "#owner = :me",
                 "ExpressionAttributeNames": {"#owner": "owner", "#exp": "expires"},
                 "ExpressionAttributeValues": {":me": {"S": "host-a"}, ":until": {"N": "1700000120"}},
                 "ReturnValues": "ALL_NEW"}
                """#,
                DynamoDB.UpdateItemRequest(
                    tableName: "kiln-lease", key: ["pk": .s("lease")], updateExpression: "SET #exp = :until",
                    condition: .init("#owner = :me", names: ["#owner": "owner"], values: [":me": .s("host-a")]),
                    names: ["#exp": "expires"], values: [":until": .n("1700000120")], returnValues: "ALL_NEW")),
            .json(
                .dynamoDB, "DeleteItem",
                #"""
                {"TableName": "kiln-lease", "Key": {"pk": {"S": "lease"}}, "ConditionExpression": "#o = :me",
                 "ExpressionAttributeNames": {"#o": "owner"}, "ExpressionAttributeValues": {":me": {"S": "host-a"}}}
                """#,
                DynamoDB.DeleteItemRequest(
                    tableName: "kiln-lease", key: ["pk": .s("lease")],
                    condition: .init("#o = :me", names: ["#o": "owner"], values: [":me": .s("host-a")]))),
            .json(
                .dynamoDB, "CreateTable",
                #"""
                {"TableName": "kiln-lease", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}
                """#,
                DynamoDB.CreateTableRequest(
                    tableName: "kiln-lease", attributeDefinitions: [.init(attributeName: "pk", attributeType: "S")],
                    keySchema: [.init(attributeName: "pk", keyType: "HASH")], billingMode: "PAY_PER_REQUEST")),
            .json(
                .dynamoDB, "GetItem",
                #"{"TableName": "kiln-lease", "Key": {"pk": {"S": "lease"}}, "ConsistentRead": true}"#,
                DynamoDB.GetItemRequest(tableName: "kiln-lease", key: ["pk": .s("lease")], consistentRead: true)),
        ]
    }
}
