import AsyncHTTPClient
import Foundation
import KilnTestSupport
import Testing

@Suite("FaultProxy keeps moto's signature checks working")
struct FaultProxyAuthTests {
    @Test("a correctly signed call passes through the proxy; a bad signature gets moto's auth error")
    func signaturesSurviveTheProxy() async throws {
        // Three unauthenticated calls: exactly the ones createIAMUser makes.
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 3))
        defer { moto.stop() }
        let key = try await moto.createIAMUser(name: "kiln-builder")
        let proxy = try await FaultProxy.start(upstream: moto.endpoint)
        defer { proxy.stop() }
        let body = "Action=GetCallerIdentity&Version=2011-06-15"

        let signed = try await BotocoreSigner.signedQuery(
            endpoint: proxy.endpoint, service: "sts", region: "us-east-1", body: body, key: key)
        let accepted = try await AWSTestCall.send(signed)
        #expect(accepted.status == 200, "\(accepted.body)")
        #expect(AWSTestCall.xmlValue("Arn", in: accepted.body)?.hasSuffix(":user/kiln-builder") == true)

        var tampered = signed
        let authorization = try #require(tampered.headers.first(name: "Authorization"))
        let flipped = String(authorization.dropLast()) + (authorization.hasSuffix("0") ? "1" : "0")
        tampered.headers.replaceOrAdd(name: "Authorization", value: flipped)
        let rejected = try await AWSTestCall.send(tampered)
        #expect(rejected.status == 403)
        #expect(AWSTestCall.xmlValue("Code", in: rejected.body) == "SignatureDoesNotMatch")

        let dummy = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "sts", action: "GetCallerIdentity"))
        #expect(dummy.status == 403)
        #expect(proxy.calls.map(\.status) == [200, 403, 403])
        #expect(proxy.calls.allSatisfy { $0.service == "sts" && $0.action == "GetCallerIdentity" })
    }
}
