import Foundation
import KilnTestSupport
import NIOHTTP1
import Testing

@Suite("FaultProxy response rewriting", .sharedMoto)
struct FaultProxyRewritingTests {
    @Test("keeps a new instance pending for the first polls")
    func instancePending() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        proxy.delayInstanceState(polls: 2)
        let instance = try await EC2Fixtures.launchInstance(through: proxy, region: "us-west-2")
        var states: [String] = []
        for _ in 0..<3 {
            let reply = try await AWSTestCall.send(
                AWSTestCall.query(
                    proxy.endpoint, service: "ec2", region: "us-west-2", action: "DescribeInstances",
                    [("InstanceId.1", instance)]))
            let state = AWSTestCall.xmlValue("instanceState", in: reply.body) ?? ""
            states.append(AWSTestCall.xmlValue("name", in: state) ?? "")
        }
        #expect(states == ["pending", "pending", "running"])
    }

    @Test("keeps each image created through the proxy pending for its first polls")
    func imagePending() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        let before = try await EC2Fixtures.createImage(through: proxy, region: "ap-southeast-2")
        proxy.delayImageAvailability(polls: 1)
        let image = try await EC2Fixtures.createImage(through: proxy, region: "ap-southeast-2")
        var states: [String] = []
        for _ in 0..<2 {
            let body = try await EC2Fixtures.describeImage(image, through: proxy, region: "ap-southeast-2")
            states.append(AWSTestCall.xmlValue("imageState", in: body) ?? "")
        }
        #expect(states == ["pending", "available"])
        // An image created before the delay was set gets the delay too: it is new to every poll count.
        let earlier = try await EC2Fixtures.describeImage(before, through: proxy, region: "ap-southeast-2")
        #expect(AWSTestCall.xmlValue("imageState", in: earlier) == "pending")
    }

    @Test("a test's rewriter replaces matching responses only")
    func customRewriter() async throws {
        let proxy = try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
        defer { proxy.stop() }
        let hook = proxy.rewriteResponses(on: .action("DescribeRegions", of: "ec2")) { call, response in
            var changed = response
            changed.body = response.body.replacingOccurrences(of: "eu-west-1", with: "eu-kiln-1")
            changed.headers.replaceOrAdd(name: "X-Kiln-Seen", value: call.region)
            return changed
        }
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", region: "eu-west-1", action: "DescribeRegions"))
        #expect(AWSTestCall.xmlValues("regionName", in: reply.body).contains("eu-kiln-1"))
        #expect(reply.headers.first(name: "X-Kiln-Seen") == "eu-west-1")
        proxy.remove(hook)
        let plain = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", region: "eu-west-1", action: "DescribeRegions"))
        #expect(AWSTestCall.xmlValues("regionName", in: plain.body).contains("eu-west-1"))
    }
}
