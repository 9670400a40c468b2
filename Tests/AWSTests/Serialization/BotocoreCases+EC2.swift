import Foundation

@testable import AWS

/// EC2 requests beside the same request in botocore's names.
enum EC2SerializationCases {
    typealias Tag = EC2.Tag

    static let userData = "#!/bin/sh\necho 'hi & bye'\n"

    static var all: [SerializationCase] {
        [
            .query(
                .ec2, "DescribeImages",
                #"""
                {"Owners": ["self", "amazon"], "ImageIds": ["ami-1"], "IncludeDeprecated": true, "MaxResults": 50,
                 "Filters": [{"Name": "tag:kiln:image", "Values": ["api", "web"]},
                             {"Name": "state", "Values": ["available"]}], "NextToken": "tok/+="}
                """#,
                {
                    var request = EC2.DescribeImagesRequest(
                        imageIds: ["ami-1"], owners: ["self", "amazon"],
                        filters: [
                            .init(name: "tag:kiln:image", values: ["api", "web"]),
                            .init(name: "state", values: ["available"]),
                        ],
                        includeDeprecated: true, maxResults: 50)
                    request.nextToken = "tok/+="
                    return request
                }()),
            .query(
                .ec2, "RunInstances",
                #"""
                {"ImageId": "ami-1", "InstanceType": "t3.small", "MinCount": 1, "MaxCount": 1,
                 "SecurityGroupIds": ["sg-1", "sg-2"], "IamInstanceProfile": {"Name": "kiln-builder"},
                 "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 16, "VolumeType": "gp3",
                     "Encrypted": true, "KmsKeyId": "alias/kiln", "DeleteOnTermination": true}}],
                 "MetadataOptions": {"HttpTokens": "required"},
                 "NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": false, "SubnetId": "subnet-1",
                     "Groups": ["sg-1"], "DeleteOnTermination": true}],
                 "TagSpecifications": [
                     {"ResourceType": "instance", "Tags": [{"Key": "kiln:role", "Value": "builder"},
                                                           {"Key": "Name", "Value": "kiln builder"}]},
                     {"ResourceType": "volume", "Tags": [{"Key": "kiln:image", "Value": "api"}]}],
                 "ClientToken": "api-1.4.2-abcd-1", "UserData": "\#(Data(userData.utf8).base64EncodedString())"}
                """#,
                EC2.RunInstancesRequest(
                    imageId: "ami-1", instanceType: "t3.small", securityGroupIds: ["sg-1", "sg-2"],
                    iamInstanceProfile: .init(name: "kiln-builder"),
                    blockDeviceMappings: [
                        .init(
                            deviceName: "/dev/xvda",
                            ebs: .init(
                                deleteOnTermination: true, volumeSize: 16, volumeType: "gp3", kmsKeyId: "alias/kiln",
                                encrypted: true))
                    ],
                    networkInterfaces: [.init(associatePublicIpAddress: false, subnetId: "subnet-1", groups: ["sg-1"])],
                    tagSpecifications: [
                        .init(
                            resourceType: "instance",
                            tags: [Tag(key: "kiln:role", value: "builder"), Tag(key: "Name", value: "kiln builder")]),
                        .init(resourceType: "volume", tags: [Tag(key: "kiln:image", value: "api")]),
                    ],
                    clientToken: "api-1.4.2-abcd-1", userData: userData)),
            .query(
                .ec2, "CreateImage",
                #"""
                {"InstanceId": "i-1", "Name": "kiln/api/1.4.2/abcd1234", "Description": "Kiln – api 1.4.2",
                 "NoReboot": true, "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "NoDevice": ""}],
                 "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "kiln:version", "Value": "1.4.2"}]},
                                       {"ResourceType": "snapshot", "Tags": [{"Key": "kiln:image", "Value": "api"}]}]}
                """#,
                EC2.CreateImageRequest(
                    instanceId: "i-1", name: "kiln/api/1.4.2/abcd1234", description: "Kiln – api 1.4.2",
                    noReboot: true,
                    tagSpecifications: [
                        .init(resourceType: "image", tags: [Tag(key: "kiln:version", value: "1.4.2")]),
                        .init(resourceType: "snapshot", tags: [Tag(key: "kiln:image", value: "api")]),
                    ],
                    blockDeviceMappings: [.init(deviceName: "/dev/sdb", noDevice: "")])),
            .query(
                .ec2, "CopyImage",
                #"""
                {"SourceImageId": "ami-1", "SourceRegion": "us-east-1", "Name": "kiln/api/1.4.2/abcd1234",
                 "Encrypted": true, "KmsKeyId": "alias/kiln", "ClientToken": "copy-1", "CopyImageTags": true,
                 "TagSpecifications": [{"ResourceType": "image", "Tags": [{"Key": "kiln:image", "Value": "api"}]}]}
                """#,
                EC2.CopyImageRequest(
                    sourceImageId: "ami-1", sourceRegion: "us-east-1", name: "kiln/api/1.4.2/abcd1234", encrypted: true,
                    kmsKeyId: "alias/kiln", clientToken: "copy-1", copyImageTags: true,
                    tagSpecifications: [.init(resourceType: "image", tags: [Tag(key: "kiln:image", value: "api")])])),
            .query(
                .ec2, "ModifyImageAttribute",
                #"{"ImageId": "ami-1", "LaunchPermission": {"Add": [{"UserId": "210987654321"}, {"UserId": "1"}]}}"#,
                EC2.ModifyImageAttributeRequest.share(imageId: "ami-1", withAccounts: ["210987654321", "1"])),
            .query(
                .ec2, "ModifySnapshotAttribute",
                #"""
                {"SnapshotId": "snap-1", "Attribute": "createVolumePermission",
                 "CreateVolumePermission": {"Add": [{"UserId": "210987654321"}]}}
                """#,
                EC2.ModifySnapshotAttributeRequest.share(snapshotId: "snap-1", withAccounts: ["210987654321"])),
            .query(
                .ec2, "CreateTags",
                #"""
                {"Resources": ["ami-1", "snap-1"], "Tags": [{"Key": "kiln:version", "Value": "1.4.2"},
                                                            {"Key": "empty", "Value": ""}]}
                """#,
                EC2.CreateTagsRequest(
                    resources: ["ami-1", "snap-1"],
                    tags: [Tag(key: "kiln:version", value: "1.4.2"), Tag(key: "empty", value: "")])),
            .query(
                .ec2, "DeleteTags", #"{"Resources": ["i-1"], "Tags": [{"Key": "kiln:phase"}]}"#,
                EC2.DeleteTagsRequest(resources: ["i-1"], tags: [.init(key: "kiln:phase", value: nil)])),
            .query(
                .ec2, "EnableImageDeprecation", #"{"ImageId": "ami-1", "DeprecateAt": "2030-01-02T03:04:05Z"}"#,
                EC2.EnableImageDeprecationRequest(
                    imageId: "ami-1", deprecateAt: Date(timeIntervalSince1970: 1_893_553_445))),
            .query(
                .ec2, "DeregisterImage", #"{"ImageId": "ami-1"}"#, EC2.DeregisterImageRequest(imageId: "ami-1")),
            .query(.ec2, "DeleteSnapshot", #"{"SnapshotId": "snap-1"}"#, EC2.SnapshotIDRequest(snapshotId: "snap-1")),
            .query(
                .ec2, "StopInstances", #"{"InstanceIds": ["i-1", "i-2"]}"#,
                EC2.InstanceIDsRequest(instanceIds: ["i-1", "i-2"])),
            .query(
                .ec2, "DescribeInstances",
                #"""
                {"Filters": [{"Name": "tag:kiln:role", "Values": ["builder"]},
                             {"Name": "instance-state-name", "Values": ["pending", "running"]}], "MaxResults": 5}
                """#,
                EC2.DescribeInstancesRequest(
                    filters: [
                        .init(name: "tag:kiln:role", values: ["builder"]),
                        .init(name: "instance-state-name", values: ["pending", "running"]),
                    ],
                    maxResults: 5)),
            .query(
                .ec2, "DescribeSnapshots",
                #"{"OwnerIds": ["self"], "SnapshotIds": ["snap-1"], "RestorableByUserIds": ["1"], "MaxResults": 10}"#,
                EC2.DescribeSnapshotsRequest(
                    snapshotIds: ["snap-1"], ownerIds: ["self"], restorableByUserIds: ["1"], maxResults: 10)),
            .query(
                .ec2, "DescribeRegions", #"{"AllRegions": true, "RegionNames": ["eu-west-1"]}"#,
                EC2.DescribeRegionsRequest(regionNames: ["eu-west-1"], allRegions: true)),
        ] + launchTemplates
    }

    static var launchTemplates: [SerializationCase] {
        [
            .query(
                .ec2, "DescribeLaunchTemplates", #"{"LaunchTemplateNames": ["api"], "LaunchTemplateIds": ["lt-1"]}"#,
                EC2.DescribeLaunchTemplatesRequest(launchTemplateIds: ["lt-1"], launchTemplateNames: ["api"])),
            .query(
                .ec2, "DescribeLaunchTemplateVersions",
                #"{"LaunchTemplateName": "api", "Versions": ["$Default", "$Latest", "3"]}"#,
                EC2.DescribeLaunchTemplateVersionsRequest(
                    template: .name("api"), versions: [.default, .latest, .number(3)])),
            .query(
                .ec2, "DescribeLaunchTemplateVersions", #"{"Versions": ["$Latest", "$Default"], "MaxResults": 200}"#,
                EC2.DescribeLaunchTemplateVersionsRequest.latestAndDefaultOfAll(maxResults: 200)),
            .query(
                .ec2, "DescribeLaunchTemplateVersions",
                #"{"LaunchTemplateId": "lt-1", "MinVersion": "2", "MaxVersion": "9", "MaxResults": 5}"#,
                EC2.DescribeLaunchTemplateVersionsRequest(
                    template: .id("lt-1"), minVersion: 2, maxVersion: 9, maxResults: 5)),
            .query(
                .ec2, "CreateLaunchTemplateVersion",
                #"""
                {"LaunchTemplateId": "lt-1", "SourceVersion": "$Default", "VersionDescription": "kiln api 1.4.2",
                 "LaunchTemplateData": {"ImageId": "ami-2"}, "ClientToken": "lt-1-ami-2"}
                """#,
                EC2.CreateLaunchTemplateVersionRequest(
                    template: .id("lt-1"), sourceVersion: .default, versionDescription: "kiln api 1.4.2",
                    launchTemplateData: .init(imageId: "ami-2"), clientToken: "lt-1-ami-2")),
            .query(
                .ec2, "CreateLaunchTemplate",
                #"""
                {"LaunchTemplateName": "api", "VersionDescription": "first",
                 "LaunchTemplateData": {"ImageId": "ami-1", "InstanceType": "t3.small"},
                 "TagSpecifications": [{"ResourceType": "launch-template", "Tags": [{"Key": "k", "Value": "v"}]}]}
                """#,
                EC2.CreateLaunchTemplateRequest(
                    launchTemplateName: "api", versionDescription: "first",
                    launchTemplateData: .init(imageId: "ami-1", instanceType: "t3.small"),
                    tagSpecifications: [.init(resourceType: "launch-template", tags: [Tag(key: "k", value: "v")])])),
            .query(
                .ec2, "ModifyLaunchTemplate", #"{"LaunchTemplateId": "lt-1", "DefaultVersion": "4"}"#,
                EC2.ModifyLaunchTemplateRequest(template: .id("lt-1"), defaultVersion: .number(4))),
            .query(
                .ec2, "DeleteLaunchTemplateVersions", #"{"LaunchTemplateName": "api", "Versions": ["1", "2"]}"#,
                EC2.DeleteLaunchTemplateVersionsRequest(template: .name("api"), versions: [.number(1), .number(2)])),
        ]
    }
}
