@testable import AWS
import Foundation
import Testing

extension AWSIntegrationTests {
    /// moto checks every signature and IAM policy after set-up, so these are the real signer and real denials.
    @Suite("Signatures and IAM")
    struct Auth {
        @Test("a limited user may describe and tag, nothing else; a denial is typed with code and request id")
        func limitedPolicy() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            let imageId = try await TestClients.with(environment.client()) { admin in
                try await EC2(client: admin, region: "us-east-1").describeImages(.init(owners: ["amazon"]))
                    .first.map(\.imageId)
            }
            let amazonImage = try #require(imageId)
            try await TestClients.with(environment.client(environment.limited)) { client in
                let ec2 = EC2(client: client, region: "us-east-1")
                let images = try await ec2.describeImages(.init(imageIds: [amazonImage]))
                #expect(images.map(\.imageId) == [amazonImage])
                try await ec2.createTags(resources: [amazonImage], tags: [.init(key: "kiln:seen", value: "yes")])

                environment.proxy.resetCalls()
                let error = await #expect(throws: AWSError.self) {
                    _ = try await ec2.runInstances(.init(imageId: amazonImage, instanceType: "t3.small"))
                }
                #expect(error?.isAccessDenied == true, "\(String(describing: error))")
                #expect(error?.statusCode == 403)
                #expect(error?.requestID?.isEmpty == false)
                #expect(error?.description.hasPrefix("EC2 RunInstances failed: \(error?.code ?? "")") == true)
                #expect(environment.proxy.count(action: "RunInstances") == 1, "a denial is never retried")

                let ssmError = await #expect(throws: AWSError.self) {
                    _ = try await SSM(client: client, region: "us-east-1").getParameter(name: "/kiln/none")
                }
                #expect(ssmError?.isAccessDenied == true, "\(String(describing: ssmError))")
            }
        }

        @Test("a wrong secret is an authentication failure, not retried")
        func wrongSecret() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            let wrong = Credentials(accessKeyID: environment.admin.accessKeyID, secretAccessKey: "not-the-secret")
            environment.proxy.resetCalls()
            try await TestClients.with(environment.client(wrong)) { client in
                let error = await #expect(throws: AWSError.self) {
                    _ = try await EC2(client: client, region: "us-east-1").describeRegions()
                }
                #expect(error?.isAuthenticationFailure == true, "\(String(describing: error))")
                #expect(error.map { ["AuthFailure", "SignatureDoesNotMatch"].contains($0.code) } == true)
                #expect(error?.description.contains("not-the-secret") == false)
            }
            #expect(environment.proxy.count(action: "DescribeRegions") == 1)
        }

        @Test("an unknown access key is rejected")
        func unknownKey() async throws {
            let environment = try AWSIntegrationTestsEnvironment.current()
            let unknown = Credentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever")
            try await TestClients.with(environment.client(unknown)) { client in
                let error = await #expect(throws: AWSError.self) {
                    _ = try await AutoScaling(client: client, region: "us-east-1")
                        .describeAutoScalingGroups(.init())
                }
                #expect(error?.isAuthenticationFailure == true, "\(String(describing: error))")
            }
        }
    }
}

/// The shared environment, reached from nested suites.
enum AWSIntegrationTestsEnvironment {
    static func current() throws -> AWSEnvironment { try AWSEnvironmentTrait.environment() }
}
