import AWS
import Foundation
import KilnTestSupport
import Synchronization
import Testing

/// `AWSClient.assumingRole`: a client acting in another account, its session assumed with the home client's
/// credentials, cached, and renewed 5 minutes before STS's `Expiration`.
@Suite("A client in another account") struct AssumingRoleTests {
    @Test func assumesOnceAndRenewsBeforeExpiry() async throws {
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        defer { proxy.stop() }
        let asked = Mutex<[[String: String]]>([])
        proxy.rewriteResponses(on: .action("AssumeRole", of: "sts")) { call, _ in
            asked.withLock { $0.append(call.parameters) }
            return nil
        }
        let start = Date()
        let now = Mutex(start)
        let home = AWSClient(
            credentialProvider: StaticCredentialProvider(
                Credentials(accessKeyID: "testing", secretAccessKey: "testing")),
            endpoint: { _, _ in proxy.endpoint }, httpClient: .shared)
        let client = home.assumingRole(
            "arn:aws:iam::222222222222:role/kiln-target", sessionName: AWSClient.roleSessionName(owner: "images-prod"),
            externalID: "ext-1", region: "us-east-1", now: { now.withLock { $0 } })
        let sts = STS(client: client, region: "us-east-1")

        #expect(try await sts.getCallerIdentity().account == "222222222222")
        _ = try await sts.getCallerIdentity()
        #expect(proxy.count(service: "sts", action: "AssumeRole") == 1)
        let parameters = try #require(asked.withLock { $0.first })
        #expect(parameters["RoleSessionName"] == "kiln-images-prod")
        #expect(parameters["ExternalId"] == "ext-1")

        // moto's sessions last an hour: still cached 6 minutes before, renewed inside the last 5.
        now.withLock { $0 = start.addingTimeInterval(3_600 - 6 * 60) }
        _ = try await sts.getCallerIdentity()
        #expect(proxy.count(service: "sts", action: "AssumeRole") == 1)
        now.withLock { $0 = start.addingTimeInterval(3_600 - 4 * 60) }
        #expect(try await sts.getCallerIdentity().account == "222222222222")
        #expect(proxy.count(service: "sts", action: "AssumeRole") == 2)
    }
}
