import AWS
import Foundation
import KilnTestSupport
import Testing

extension AWSIntegrationTests {
    @Suite("SSM")
    struct SystemsManager {
        static let region = "eu-north-1"

        static func builder(_ client: AWSClient) async throws -> String {
            let ec2 = EC2(client: client, region: region)
            let image = try #require(try await ec2.describeImages(.init(owners: ["099720109477"])).first)
            let reservation = try await ec2.runInstances(.init(imageId: image.imageId, instanceType: "t3.small"))
            return try #require(reservation.instances.first?.instanceId)
        }

        @Test("a builder comes online, runs a script, and its outcome reads back")
        func runCommand() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ssm = SSM(client: client, region: Self.region)
                let instanceId = try await Self.builder(client)
                let online = try await ssm.describeInstanceInformation(.instances([instanceId]))
                #expect(online.map(\.instanceId) == [instanceId])
                #expect(online.first?.pingStatus == "Online")

                let command = try await ssm.sendCommand(
                    .runShellScript(
                        instanceId: instanceId, commands: ["set -eu", "echo provisioned"], executionTimeout: 600,
                        timeoutSeconds: 120, comment: "kiln api 1.4.2 provision"))
                #expect(command.documentName == "AWS-RunShellScript")
                let invocation = try await ssm.getCommandInvocation(
                    commandId: command.commandId, instanceId: instanceId)
                #expect(invocation.status == "Success")
                #expect(invocation.responseCode == 0)

                environment.proxy.scriptCommands(
                    containing: "exit 3", inProgressPolls: 1,
                    outcome: .failed(stdout: "partial", stderr: "boom", exitCode: 3))
                let failing = try await ssm.sendCommand(
                    .runShellScript(instanceId: instanceId, commands: ["echo partial", "exit 3"]))
                let running = try await ssm.getCommandInvocation(commandId: failing.commandId, instanceId: instanceId)
                #expect(running.status == "InProgress")
                #expect(!running.isFinished)
                let failed = try await ssm.getCommandInvocation(commandId: failing.commandId, instanceId: instanceId)
                #expect(failed.status == "Failed")
                #expect(failed.responseCode == 3)
                #expect(failed.standardErrorContent == "boom")
                #expect(failed.standardOutputContent == "partial")
            }
        }

        @Test("an AMI parameter is published, overwritten and read; a missing one is a typed error")
        func parameters() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            try await TestClients.with(environment.client()) { client in
                let ssm = SSM(client: client, region: Self.region)
                let images = try await EC2(client: client, region: Self.region).describeImages(
                    .init(owners: ["099720109477"]))
                try #require(images.count >= 2)
                let first = try await ssm.putParameter(.imageID(name: "/kiln/api/ami", imageId: images[0].imageId))
                let second = try await ssm.putParameter(.imageID(name: "/kiln/api/ami", imageId: images[1].imageId))
                #expect(second == first + 1)
                let parameter = try await ssm.getParameter(name: "/kiln/api/ami")
                #expect(parameter.value == images[1].imageId)
                #expect(parameter.dataType == "aws:ec2:image")

                environment.proxy.resetCalls()
                let error = await #expect(throws: AWSError.self) {
                    _ = try await ssm.getParameter(name: "/kiln/missing")
                }
                #expect(error?.code == "ParameterNotFound")
                #expect(error?.requestID?.isEmpty == false)
                #expect(environment.proxy.count(action: "GetParameter") == 1)

                let batch = try await ssm.getParameters(names: ["/kiln/api/ami", "/kiln/missing"])
                #expect(batch.parameters.map(\.name) == ["/kiln/api/ami"])
                #expect(batch.parameters.first?.value == images[1].imageId)
                #expect(batch.invalidParameters == ["/kiln/missing"])
            }
        }
    }
}
