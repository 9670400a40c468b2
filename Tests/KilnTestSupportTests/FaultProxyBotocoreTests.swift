import Foundation
import KilnTestSupport
import Testing

/// botocore parses what the proxy sends: its parsers are an independent check of the wire format.
@Suite("FaultProxy answers parse with botocore", .sharedMoto)
struct FaultProxyBotocoreTests {
    @Test("simulated actions and injected throttles parse as the real API's shapes")
    func botocoreParses() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        proxy.inject(.throttle, on: .action("DescribeRegions", of: "ec2"), trigger: .nextCalls(1))
        proxy.inject(.throttle, on: .action("DescribeAutoScalingGroups"), trigger: .nextCalls(1))
        proxy.inject(.throttle, on: .action("DescribeParameters", of: "ssm"), trigger: .nextCalls(1))
        proxy.inject(.throttle, on: .action("ListTables", of: "dynamodb"), trigger: .nextCalls(1))

        let output = try await ProcessRunner.run(
            "python3", ["-c", Self.script],
            environment: [
                "KILN_ENDPOINT": proxy.endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        #expect(output.status == 0, "\(output.stderr)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: String])
        let expected: [String: String] = [
            "refreshStatus": "Successful",
            "refreshIdMatches": "True",
            "minHealthy": "90",
            "skipMatching": "True",
            "startTimeType": "datetime",
            "cancelError": "ActiveInstanceRefreshNotFound",
            "enableReturn": "True",
            "deprecationTime": "2031-05-01T12:00:00.000Z",
            "disableReturn": "True",
            "deletedVersion": "1",
            "deletedTemplateIdMatches": "True",
            "pingStatus": "Online",
            "lastPingType": "datetime",
            "invocationStatus": "Success",
            "pluginName": "aws:runShellScript",
            "ec2Throttle": "RequestLimitExceeded",
            "autoscalingThrottle": "Throttling",
            "ssmThrottle": "ThrottlingException",
            "dynamodbThrottle": "ThrottlingException",
        ]
        for (key, value) in expected {
            #expect(results[key] == value, "\(key) \(proxy.calls.map { "\($0.action):\($0.status ?? 0)" })")
        }
    }

    private static let script = """
        import json, os, datetime, boto3, botocore.config, botocore.exceptions
        config = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"})
        def client(name):
            return boto3.client(name, endpoint_url=os.environ["KILN_ENDPOINT"], region_name="us-east-2", config=config)
        ec2, asg, ssm, ddb = client("ec2"), client("autoscaling"), client("ssm"), client("dynamodb")
        def code(call):
            try:
                call()
                return "no error"
            except botocore.exceptions.ClientError as error:
                return error.response["Error"]["Code"]
        out = {}
        started = asg.start_instance_refresh(AutoScalingGroupName="bw",
            Preferences={"MinHealthyPercentage": 90, "InstanceWarmup": 60, "SkipMatching": True})
        refresh = asg.describe_instance_refreshes(AutoScalingGroupName="bw")["InstanceRefreshes"][0]
        out["refreshStatus"] = refresh["Status"]
        out["refreshIdMatches"] = str(refresh["InstanceRefreshId"] == started["InstanceRefreshId"])
        out["minHealthy"] = str(refresh["Preferences"]["MinHealthyPercentage"])
        out["skipMatching"] = str(refresh["Preferences"]["SkipMatching"])
        out["startTimeType"] = type(refresh["StartTime"]).__name__
        out["cancelError"] = code(lambda: asg.cancel_instance_refresh(AutoScalingGroupName="bw"))
        instance = ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
        image = ec2.create_image(InstanceId=instance, Name="kiln/botocore/1")["ImageId"]
        at = datetime.datetime(2031, 5, 1, 12, 0, 10, tzinfo=datetime.timezone.utc)
        out["enableReturn"] = str(ec2.enable_image_deprecation(ImageId=image, DeprecateAt=at)["Return"])
        out["deprecationTime"] = ec2.describe_images(ImageIds=[image])["Images"][0].get("DeprecationTime", "")
        out["disableReturn"] = str(ec2.disable_image_deprecation(ImageId=image)["Return"])
        template = ec2.create_launch_template(LaunchTemplateName="kiln-botocore",
            LaunchTemplateData={"ImageId": "ami-12345678"})["LaunchTemplate"]["LaunchTemplateId"]
        deleted = ec2.delete_launch_template_versions(LaunchTemplateName="kiln-botocore", Versions=["1"])
        item = deleted["SuccessfullyDeletedLaunchTemplateVersions"][0]
        out["deletedVersion"] = str(item["VersionNumber"])
        out["deletedTemplateIdMatches"] = str(item.get("LaunchTemplateId") == template)
        info = ssm.describe_instance_information(
            Filters=[{"Key": "InstanceIds", "Values": [instance]}])["InstanceInformationList"][0]
        out["pingStatus"] = info["PingStatus"]
        out["lastPingType"] = type(info["LastPingDateTime"]).__name__
        command = ssm.send_command(InstanceIds=[instance], DocumentName="AWS-RunShellScript",
            Parameters={"commands": ["echo hi"]})["Command"]["CommandId"]
        invocation = ssm.list_command_invocations(CommandId=command, Details=True)["CommandInvocations"][0]
        out["invocationStatus"] = invocation["Status"]
        out["pluginName"] = invocation["CommandPlugins"][0]["Name"]
        out["ec2Throttle"] = code(lambda: ec2.describe_regions())
        out["autoscalingThrottle"] = code(lambda: asg.describe_auto_scaling_groups())
        out["ssmThrottle"] = code(lambda: ssm.describe_parameters())
        out["dynamodbThrottle"] = code(lambda: ddb.list_tables())
        print(json.dumps(out))
        """
}
