import Foundation
import KilnTestSupport
import Testing

@Suite("FaultProxy answers for actions moto lacks", .sharedMoto)
struct FaultProxyCannedTests {
    private func startProxy() async throws -> FaultProxy {
        try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
    }

    @Test("StartInstanceRefresh / DescribeInstanceRefreshes round-trip, Successful after the set polls")
    func instanceRefresh() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.instanceRefreshPollsUntilSuccessful = 1
        func start() async throws -> AWSTestCall.Reply {
            try await AWSTestCall.send(
                AWSTestCall.query(
                    proxy.endpoint, service: "autoscaling", action: "StartInstanceRefresh",
                    [("AutoScalingGroupName", "web"), ("Preferences.MinHealthyPercentage", "90")]))
        }
        let started = try await start()
        #expect(started.status == 200)
        #expect(started.body.contains("<StartInstanceRefreshResult><InstanceRefreshId>"))
        let id = try #require(AWSTestCall.xmlValue("InstanceRefreshId", in: started.body))

        let conflict = try await start()
        #expect(conflict.status == 400)
        #expect(AWSTestCall.xmlValue("Code", in: conflict.body) == "InstanceRefreshInProgress")

        var statuses: [String] = []
        for _ in 0..<2 {
            let described = try await AWSTestCall.send(
                AWSTestCall.query(
                    proxy.endpoint, service: "autoscaling", action: "DescribeInstanceRefreshes",
                    [("AutoScalingGroupName", "web")]))
            #expect(AWSTestCall.xmlValue("InstanceRefreshId", in: described.body) == id)
            #expect(AWSTestCall.xmlValue("MinHealthyPercentage", in: described.body) == "90")
            statuses.append(AWSTestCall.xmlValue("Status", in: described.body) ?? "")
        }
        #expect(statuses == ["InProgress", "Successful"])
        #expect(proxy.instanceRefreshes.map(\.status) == ["Successful"])
        #expect(try await start().status == 200)
    }

    @Test("Enable/DisableImageDeprecation answer true and show in DescribeImages")
    func imageDeprecation() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        let region = "eu-central-1"
        let image = try await EC2Fixtures.createImage(through: proxy, region: region)
        let enabled = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "EnableImageDeprecation",
                [("ImageId", image), ("DeprecateAt", "2030-01-01T00:00:20Z")]))
        #expect(enabled.status == 200)
        #expect(AWSTestCall.xmlValue("return", in: enabled.body) == "true")
        let deprecated = try await EC2Fixtures.describeImage(image, through: proxy, region: region)
        #expect(AWSTestCall.xmlValue("deprecationTime", in: deprecated) == "2030-01-01T00:00:00.000Z")
        #expect(proxy.imageDeprecation(of: image, in: region) == "2030-01-01T00:00:00.000Z")

        let disabled = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "DisableImageDeprecation",
                [("ImageId", image)]))
        #expect(AWSTestCall.xmlValue("return", in: disabled.body) == "true")
        let plain = try await EC2Fixtures.describeImage(image, through: proxy, region: region)
        #expect(AWSTestCall.xmlValue("deprecationTime", in: plain) == nil)
    }

    @Test("DeleteLaunchTemplateVersions succeeds once and hides the version from describes")
    func deleteLaunchTemplateVersions() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        let name = "kiln-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", action: "CreateLaunchTemplate",
                [("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", "ami-11111111")]))
        let templateId = try #require(AWSTestCall.xmlValue("launchTemplateId", in: created.body))
        _ = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", action: "CreateLaunchTemplateVersion",
                [("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", "ami-22222222")]))
        func delete() async throws -> String {
            try await AWSTestCall.send(
                AWSTestCall.query(
                    proxy.endpoint, service: "ec2", action: "DeleteLaunchTemplateVersions",
                    [("LaunchTemplateName", name), ("LaunchTemplateVersion.1", "1")])
            ).body
        }
        let deleted = try await delete()
        let succeeded = try #require(
            deleted.components(separatedBy: "<successfullyDeletedLaunchTemplateVersionSet>").last)
        #expect(AWSTestCall.xmlValue("launchTemplateId", in: succeeded) == templateId)
        #expect(AWSTestCall.xmlValue("versionNumber", in: succeeded) == "1")
        let again = try await delete()
        #expect(
            again.contains(
                "<successfullyDeletedLaunchTemplateVersionSet></successfullyDeletedLaunchTemplateVersionSet>"))
        #expect(AWSTestCall.xmlValue("code", in: again) == "launchTemplateVersionDoesNotExist")

        let versions = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", action: "DescribeLaunchTemplateVersions",
                [("LaunchTemplateName", name)]))
        #expect(AWSTestCall.xmlValues("versionNumber", in: versions.body) == ["2"])
        #expect(proxy.deletedLaunchTemplateVersions.map(\.versionNumber) == [1])
    }

    @Test("DescribeInstanceInformation lists launched instances Online after the set polls")
    func instanceInformation() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.ssmOnlineAfterPolls = 1
        let region = "ca-central-1"
        let instance = try await EC2Fixtures.launchInstance(through: proxy, region: region)
        func listed() async throws -> [[String: Any]] {
            let reply = try await AWSTestCall.send(
                AWSTestCall.json(
                    proxy.endpoint, service: "ssm", region: region, target: "AmazonSSM.DescribeInstanceInformation",
                    body: #"{"Filters": [{"Key": "InstanceIds", "Values": ["\#(instance)"]}]}"#))
            #expect(reply.status == 200)
            return try reply.json()["InstanceInformationList"] as? [[String: Any]] ?? []
        }
        #expect(try await listed().isEmpty)
        let online = try await listed()
        #expect(online.count == 1)
        #expect(online.first?["InstanceId"] as? String == instance)
        #expect(online.first?["PingStatus"] as? String == "Online")

        _ = try await AWSTestCall.send(
            AWSTestCall.query(
                proxy.endpoint, service: "ec2", region: region, action: "TerminateInstances",
                [("InstanceId.1", instance)]))
        #expect(try await listed().isEmpty)
    }

    @Test("scripted SSM commands stay InProgress, then fail with the scripted output and exit code")
    func commandScripting() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        let region = "sa-east-1"
        let instance = try await EC2Fixtures.launchInstance(through: proxy, region: region)
        proxy.scriptCommands(
            containing: "apt-get install", inProgressPolls: 1,
            outcome: .failed(stdout: "E: Unable to locate package nosuch", stderr: "exit 100", exitCode: 100))

        func send(_ script: String) async throws -> String {
            let reply = try await AWSTestCall.send(
                AWSTestCall.json(
                    proxy.endpoint, service: "ssm", region: region, target: "AmazonSSM.SendCommand",
                    body: #"""
                        {"DocumentName": "AWS-RunShellScript", "InstanceIds": ["\#(instance)"],
                         "Parameters": {"commands": ["set -eu", "\#(script)"]}}
                        """#))
            let command = try reply.json()["Command"] as? [String: Any]
            return try #require(command?["CommandId"] as? String)
        }
        func invocation(_ command: String) async throws -> [String: Any] {
            try await AWSTestCall.send(
                AWSTestCall.json(
                    proxy.endpoint, service: "ssm", region: region, target: "AmazonSSM.GetCommandInvocation",
                    body: #"{"CommandId": "\#(command)", "InstanceId": "\#(instance)"}"#)
            ).json()
        }

        let failing = try await send("apt-get install -y nosuch")
        #expect(try await invocation(failing)["Status"] as? String == "InProgress")
        let failed = try await invocation(failing)
        #expect(failed["Status"] as? String == "Failed")
        #expect(failed["ResponseCode"] as? Int == 100)
        #expect(failed["StandardOutputContent"] as? String == "E: Unable to locate package nosuch")
        #expect(failed["StandardErrorContent"] as? String == "exit 100")

        let passing = try await send("echo ok")
        #expect(try await invocation(passing)["Status"] as? String == "Success")

        let listed = try await AWSTestCall.send(
            AWSTestCall.json(
                proxy.endpoint, service: "ssm", region: region, target: "AmazonSSM.ListCommandInvocations",
                body: #"{"CommandId": "\#(failing)", "Details": true}"#)
        ).json()
        let invocations = try #require(listed["CommandInvocations"] as? [[String: Any]])
        #expect(invocations.count == 1)
        #expect(invocations.first?["Status"] as? String == "Failed")
        let plugin = try #require((invocations.first?["CommandPlugins"] as? [[String: Any]])?.first)
        #expect(plugin["ResponseCode"] as? Int == 100)
        #expect((plugin["Output"] as? String)?.contains("E: Unable to locate package nosuch") == true)
        #expect(proxy.sentCommands.map(\.commandId) == [failing, passing])
    }
}

@Suite("FaultProxy covers moto's ignored parameters", .sharedMoto)
struct FaultProxyIgnoredParameterTests {
    @Test("a repeated ClientToken gets the first answer; other parameters get IdempotentParameterMismatch")
    func clientToken() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        let token = "kiln-\(UUID().uuidString)"
        func run(_ type: String) async throws -> AWSTestCall.Reply {
            try await AWSTestCall.send(
                AWSTestCall.query(
                    proxy.endpoint, service: "ec2", region: "eu-north-1", action: "RunInstances",
                    [
                        ("ImageId", "ami-12345678"), ("MinCount", "1"), ("MaxCount", "1"), ("InstanceType", type),
                        ("ClientToken", token),
                    ]))
        }
        let first = try await run("t3.micro")
        let second = try await run("t3.micro")
        #expect(AWSTestCall.xmlValue("instanceId", in: first.body) != nil)
        #expect(
            AWSTestCall.xmlValue("instanceId", in: second.body) == AWSTestCall.xmlValue("instanceId", in: first.body))
        let mismatch = try await run("t3.large")
        #expect(mismatch.status == 400)
        #expect(AWSTestCall.xmlValue("Code", in: mismatch.body) == "IdempotentParameterMismatch")
        #expect(proxy.calls.map(\.disposition) == [.forwarded, .canned, .canned])
    }

    @Test("DescribeImages honours MaxResults and NextToken; later pages come from the first answer")
    func describeImagesPages() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        func page(_ token: String?) async throws -> (ids: [String], next: String?) {
            var parameters = [("Owner.1", "amazon"), ("MaxResults", "5")]
            if let token { parameters.append(("NextToken", token)) }
            let reply = try await AWSTestCall.send(
                AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeImages", parameters))
            return (AWSTestCall.xmlValues("imageId", in: reply.body), AWSTestCall.xmlValue("nextToken", in: reply.body))
        }
        let first = try await page(nil)
        #expect(first.ids.count == 5)
        let token = try #require(first.next)
        let second = try await page(token)
        #expect(second.ids.count == 5)
        #expect(Set(first.ids).isDisjoint(with: second.ids))
        // moto rendered the listing once: the second page was cut from the first answer.
        #expect(proxy.calls.map(\.disposition) == [.forwarded, .canned])
    }
}
