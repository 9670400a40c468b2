import Foundation
import Testing

/// Resources the tests put in the world before Kiln runs: launch templates, groups, configurations, instances.
extension World {
    /// A launch template whose first version uses `imageId`.
    func createLaunchTemplate(_ name: String, imageId: String, region: String = "us-east-1") async throws {
        try await call([
            BotoCall(
                "ec2", region, "create_launch_template",
                ["LaunchTemplateName": name, "LaunchTemplateData": ["ImageId": imageId, "InstanceType": "t3.micro"]])
        ])
    }

    /// A new version of launch template `name` using `imageId`; its number.
    func createLaunchTemplateVersion(_ name: String, imageId: String, region: String = "us-east-1") async throws -> Int
    {
        let result = try await call([
            BotoCall(
                "ec2", region, "create_launch_template_version",
                ["LaunchTemplateName": name, "LaunchTemplateData": ["ImageId": imageId, "InstanceType": "t3.micro"]])
        ])
        let version = result.first?["LaunchTemplateVersion"] as? [String: Any]
        return try #require(version?["VersionNumber"] as? Int)
    }

    /// Makes version `number` the default of launch template `name`.
    func setDefaultVersion(_ name: String, _ number: Int, region: String = "us-east-1") async throws {
        try await call([
            BotoCall(
                "ec2", region, "modify_launch_template", ["LaunchTemplateName": name, "DefaultVersion": String(number)])
        ])
    }

    /// An empty Auto Scaling group on launch template `template` at `version` (`$Default`, `$Latest`, a number).
    func createGroup(_ name: String, template: String, version: String, region: String = "us-east-1") async throws {
        try await call([
            BotoCall(
                "autoscaling", region, "create_auto_scaling_group",
                [
                    "AutoScalingGroupName": name, "MinSize": 0, "MaxSize": 1, "DesiredCapacity": 0,
                    "AvailabilityZones": ["\(region)a"],
                    "LaunchTemplate": ["LaunchTemplateName": template, "Version": version],
                ])
        ])
    }

    /// A launch configuration using `imageId` and an empty group on it.
    func createLegacyGroup(
        _ name: String, configuration: String, imageId: String, region: String = "us-east-1"
    ) async throws {
        try await call([
            BotoCall(
                "autoscaling", region, "create_launch_configuration",
                ["LaunchConfigurationName": configuration, "ImageId": imageId, "InstanceType": "t3.micro"]),
            BotoCall(
                "autoscaling", region, "create_auto_scaling_group",
                [
                    "AutoScalingGroupName": name, "MinSize": 0, "MaxSize": 1, "DesiredCapacity": 0,
                    "AvailabilityZones": ["\(region)a"], "LaunchConfigurationName": configuration,
                ]),
        ])
    }

    /// Deletes a group and its launch configuration.
    func deleteLegacyGroup(_ name: String, configuration: String, region: String = "us-east-1") async throws {
        try await call([
            BotoCall(
                "autoscaling", region, "delete_auto_scaling_group", ["AutoScalingGroupName": name, "ForceDelete": true]),
            BotoCall("autoscaling", region, "delete_launch_configuration", ["LaunchConfigurationName": configuration]),
        ])
    }

    /// Deletes a group.
    func deleteGroup(_ name: String, region: String = "us-east-1") async throws {
        try await call([
            BotoCall(
                "autoscaling", region, "delete_auto_scaling_group", ["AutoScalingGroupName": name, "ForceDelete": true])
        ])
    }

    /// Deletes a launch template.
    func deleteLaunchTemplate(_ name: String, region: String = "us-east-1") async throws {
        try await call([BotoCall("ec2", region, "delete_launch_template", ["LaunchTemplateName": name])])
    }

    /// Launches one instance of `imageId`; its id.
    func runInstance(imageId: String, region: String = "us-east-1") async throws -> String {
        let result = try await call([
            BotoCall(
                "ec2", region, "run_instances",
                ["ImageId": imageId, "MinCount": 1, "MaxCount": 1, "InstanceType": "t3.micro"])
        ])
        let instances = result.first?["Instances"] as? [[String: Any]]
        return try #require(instances?.first?["InstanceId"] as? String)
    }

    /// Terminates instances.
    func terminate(_ ids: [String], region: String = "us-east-1") async throws {
        try await call([BotoCall("ec2", region, "terminate_instances", ["InstanceIds": ids])])
    }
}
