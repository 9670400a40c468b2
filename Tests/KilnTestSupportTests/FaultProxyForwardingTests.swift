import AsyncHTTPClient
import Foundation
@testable import KilnTestSupport
import Testing

@Suite("FaultProxy forwarding and faults", .sharedMoto)
struct FaultProxyForwardingTests {
    private func startProxy() async throws -> FaultProxy {
        try await FaultProxy.start(upstream: SharedMoto.server().endpoint)
    }

    @Test("forwards EC2 DescribeRegions to moto and returns its answer")
    func forwards() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", region: "eu-west-1", action: "DescribeRegions"))
        #expect(reply.status == 200)
        #expect(reply.body.contains("<DescribeRegionsResponse"))
        #expect(AWSTestCall.xmlValues("regionName", in: reply.body).contains("eu-west-1"))
        let record = try #require(proxy.calls.first)
        #expect(record.service == "ec2")
        #expect(record.region == "eu-west-1")
        #expect(record.action == "DescribeRegions")
        #expect(record.status == 200)
        #expect(record.disposition == .forwarded)
    }

    @Test("counts calls per action and per region")
    func counts() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        for region in ["us-east-1", "us-east-1", "eu-west-1"] {
            _ = try await AWSTestCall.send(
                AWSTestCall.query(proxy.endpoint, service: "ec2", region: region, action: "DescribeRegions"))
        }
        _ = try await AWSTestCall.send(
            AWSTestCall.json(
                proxy.endpoint, service: "ssm", region: "eu-west-1", target: "AmazonSSM.DescribeParameters",
                body: "{}"))
        #expect(proxy.count(service: "ec2", action: "DescribeRegions") == 3)
        #expect(proxy.count(action: "DescribeRegions", region: "eu-west-1") == 1)
        #expect(proxy.count(.service("ssm")) == 1)
        #expect(proxy.countsByRegion == ["us-east-1": 2, "eu-west-1": 2])
        #expect(proxy.countsByAction[ActionKey(service: "ssm", action: "DescribeParameters")] == 1)
        proxy.resetCalls()
        #expect(proxy.count() == 0)
    }

    struct ThrottleCase: Sendable, CustomTestStringConvertible {
        var service: String
        var json: String?
        var expected: [String]
        var testDescription: String { service }
    }

    @Test(
        "throttles in each protocol's real error shape, for the next call only",
        arguments: [
            ThrottleCase(
                service: "ec2", json: nil,
                expected: ["<Response><Errors><Error><Code>RequestLimitExceeded</Code>"]),
            ThrottleCase(
                service: "autoscaling", json: nil,
                expected: [
                    "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">",
                    "<Type>Sender</Type><Code>Throttling</Code>",
                ]),
            ThrottleCase(
                service: "sts", json: nil, expected: ["<ErrorResponse", "<Code>Throttling</Code>"]),
            ThrottleCase(service: "ssm", json: "1.1", expected: ["\"__type\":\"ThrottlingException\""]),
            ThrottleCase(
                service: "dynamodb", json: "1.0",
                expected: ["\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\""]),
        ])
    func throttles(_ testCase: ThrottleCase) async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        let rule = proxy.inject(.throttle, on: .service(testCase.service), trigger: .nextCalls(1))
        func call() -> HTTPClientRequest {
            switch testCase.service {
            case "ssm":
                AWSTestCall.json(proxy.endpoint, service: "ssm", target: "AmazonSSM.DescribeParameters", body: "{}")
            case "dynamodb":
                AWSTestCall.json(
                    proxy.endpoint, service: "dynamodb", target: "DynamoDB_20120810.ListTables", body: "{}",
                    jsonVersion: "1.0")
            case "autoscaling":
                AWSTestCall.query(proxy.endpoint, service: "autoscaling", action: "DescribeAutoScalingGroups")
            case "sts":
                AWSTestCall.query(proxy.endpoint, service: "sts", action: "GetCallerIdentity")
            default:
                AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions")
            }
        }
        let throttled = try await AWSTestCall.send(call())
        #expect(throttled.status == 400)
        for fragment in testCase.expected {
            #expect(throttled.body.contains(fragment), "\(throttled.body)")
        }
        if let version = testCase.json {
            #expect(throttled.headers.first(name: "content-type") == "application/x-amz-json-\(version)")
        }
        let passed = try await AWSTestCall.send(call())
        #expect(passed.status == 200)
        #expect(proxy.firedCount(rule) == 1)
        #expect(proxy.calls.map(\.disposition) == [.injected(.throttle), .forwarded])
    }

    @Test("answers an HTML 500 page")
    func htmlServerError() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.inject(.httpError(status: 500), on: .action("DescribeRegions"))
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions"))
        #expect(reply.status == 500)
        #expect(reply.body.hasPrefix("<!doctype html>"))
        #expect(reply.headers.first(name: "content-type")?.hasPrefix("text/html") == true)
    }

    @Test("resets the connection without a response")
    func connectionReset() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.inject(.connectionReset, on: .action("DescribeRegions"), trigger: .nextCalls(1))
        await #expect(throws: (any Error).self) {
            _ = try await AWSTestCall.send(
                AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions"))
        }
        let retried = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions"))
        #expect(retried.status == 200)
        #expect(proxy.calls.first?.disposition == .connectionReset)
        #expect(proxy.calls.first?.status == nil)
        #expect(proxy.count() == 2)  // the client did not silently retry
    }

    @Test("delays calls by at least the injected latency")
    func latency() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.inject(.latency(.milliseconds(400)), on: .action("DescribeRegions"))
        let clock = ContinuousClock()
        let started = clock.now
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions"))
        #expect(reply.status == 200)
        #expect(clock.now - started >= .milliseconds(400))
    }

    @Test("probabilistic faults repeat exactly for the same seed")
    func seededProbability() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        func pattern() async throws -> [Int] {
            proxy.reset()
            proxy.inject(.throttle, on: .action("DescribeRegions"), trigger: .probability(0.5))
            var statuses: [Int] = []
            for _ in 0..<16 {
                statuses.append(
                    try await AWSTestCall.send(
                        AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions")
                    ).status)
            }
            return statuses
        }
        let first = try await pattern()
        let second = try await pattern()
        #expect(first == second)
        #expect(first.contains(400))
        #expect(first.contains(200))
    }

    @Test("injects any AWS error code in the call's envelope")
    func awsError() async throws {
        let proxy = try await startProxy()
        defer { proxy.stop() }
        proxy.inject(
            .awsError(status: 400, code: "InvalidInstanceID.NotFound", message: "not yet"),
            on: .action("DescribeInstances"), trigger: .nextCalls(1))
        let reply = try await AWSTestCall.send(
            AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeInstances"))
        #expect(reply.status == 400)
        #expect(AWSTestCall.xmlValue("Code", in: reply.body) == "InvalidInstanceID.NotFound")
    }

    @Test("stop() closes the listener")
    func stops() async throws {
        let proxy = try await startProxy()
        #expect(await PortAllocator.isListening(port: proxy.port))
        let request = AWSTestCall.query(proxy.endpoint, service: "ec2", action: "DescribeRegions")
        #expect(try await AWSTestCall.send(request).status == 200)  // leaves a pooled keep-alive connection
        proxy.stop()
        await #expect(throws: (any Error).self) {
            _ = try await AWSTestCall.send(request, timeout: .seconds(3))
        }
        #expect(await !PortAllocator.isListening(port: proxy.port))
        proxy.stop()  // idempotent
    }
}
