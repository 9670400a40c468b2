import NIOHTTP1
import Testing

@testable import KilnTestSupport

@Suite("Proxy request model, XML patching and rules (no network)")
struct ProxyModelTests {
    struct ParseCase: Sendable, CustomTestStringConvertible {
        var name: String
        var uri: String
        var headers: [(String, String)]
        var body: String
        var service: String
        var region: String
        var action: String
        var wireProtocol: AWSWireProtocol
        var testDescription: String { name }
    }

    static let scope = "Credential=AKIDEXAMPLE/20260101/eu-west-1/%@/aws4_request, SignedHeaders=host, Signature=00"

    @Test(
        "parses service, region, action and protocol",
        arguments: [
            ParseCase(
                name: "EC2 form body", uri: "/",
                headers: [
                    ("Authorization", "AWS4-HMAC-SHA256 " + scope.replacingOccurrences(of: "%@", with: "ec2")),
                    ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ],
                body: "Action=DescribeImages&Version=2016-11-15&ImageId.2=ami-b&ImageId.1=ami-a",
                service: "ec2", region: "eu-west-1", action: "DescribeImages", wireProtocol: .ec2Query),
            ParseCase(
                name: "AutoScaling query string", uri: "/?Action=DescribeAutoScalingGroups&Version=2011-01-01",
                headers: [
                    ("Authorization", "AWS4-HMAC-SHA256 " + scope.replacingOccurrences(of: "%@", with: "autoscaling"))
                ],
                body: "", service: "autoscaling", region: "eu-west-1", action: "DescribeAutoScalingGroups",
                wireProtocol: .query),
            ParseCase(
                name: "SSM JSON 1.1", uri: "/",
                headers: [
                    ("Authorization", "AWS4-HMAC-SHA256 " + scope.replacingOccurrences(of: "%@", with: "ssm")),
                    ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AmazonSSM.SendCommand"),
                ],
                body: "{}", service: "ssm", region: "eu-west-1", action: "SendCommand", wireProtocol: .json11),
            ParseCase(
                name: "DynamoDB JSON 1.0", uri: "/",
                headers: [
                    ("Authorization", "AWS4-HMAC-SHA256 " + scope.replacingOccurrences(of: "%@", with: "dynamodb")),
                    ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.PutItem"),
                ],
                body: "{}", service: "dynamodb", region: "eu-west-1", action: "PutItem", wireProtocol: .json10),
            ParseCase(
                name: "presigned query",
                uri: "/?Action=GetCallerIdentity&X-Amz-Credential=AKID%2F20260101%2Fus-east-2%2Fsts%2Faws4_request",
                headers: [], body: "", service: "sts", region: "us-east-2", action: "GetCallerIdentity",
                wireProtocol: .query),
            ParseCase(
                name: "moto control API", uri: "/moto-api/reset", headers: [], body: "", service: "", region: "",
                action: "", wireProtocol: .other),
        ])
    func parses(_ testCase: ParseCase) {
        let call = ProxiedCall(
            sequence: 1, method: "POST", uri: testCase.uri, headers: HTTPHeaders(testCase.headers),
            body: testCase.body)
        #expect(call.service == testCase.service)
        #expect(call.region == testCase.region)
        #expect(call.action == testCase.action)
        #expect(call.wireProtocol == testCase.wireProtocol)
        if testCase.service == "ec2" {
            #expect(call.list("ImageId") == ["ami-a", "ami-b"])
        }
    }

    @Test("rewrites only the direct items of a set, keeping nested items and the rest")
    func rewritesItems() {
        let xml =
            "<r><imagesSet><item><imageId>a</imageId><tagSet><item><key>k</key></item></tagSet></item>"
            + "<item/><item><imageId>b</imageId></item></imagesSet><other><item>x</item></other></r>"
        var seen: [String] = []
        let rewritten = ProxyXML.rewriteItems(in: xml, set: "imagesSet") { item in
            seen.append(ProxyXML.value(of: "imageId", in: item) ?? "?")
            return item.contains("<imageId>b</imageId>") ? "" : nil
        }
        #expect(seen == ["a", "b"])
        #expect(
            rewritten
                == "<r><imagesSet><item><imageId>a</imageId><tagSet><item><key>k</key></item></tagSet></item>"
                + "<item/></imagesSet><other><item>x</item></other></r>")
    }

    @Test("escapes and unescapes XML text")
    func escaping() {
        let text = "a<b>&\"c'"
        #expect(ProxyXML.escape(text) == "a&lt;b&gt;&amp;&quot;c&apos;")
        #expect(ProxyXML.unescape(ProxyXML.escape(text)) == text)
    }

    @Test("rules: nextCalls fires exactly n times, probabilities 0 and 1 are exact, seeds repeat")
    func rules() {
        let call = ProxiedCall(sequence: 1, method: "POST", uri: "/?Action=DescribeImages", headers: [:], body: "")
        var generator = SeededGenerator(seed: 7)
        var next = FaultRule(id: ProxyHookID(value: 1), fault: .throttle, matcher: .any, trigger: .nextCalls(2))
        #expect((0..<5).map { _ in next.fires(for: call, using: &generator) } == [true, true, false, false, false])
        #expect(next.fired == 2)

        var never = FaultRule(id: ProxyHookID(value: 2), fault: .throttle, matcher: .any, trigger: .probability(0))
        var always = FaultRule(id: ProxyHookID(value: 3), fault: .throttle, matcher: .any, trigger: .probability(1))
        #expect((0..<50).allSatisfy { _ in !never.fires(for: call, using: &generator) })
        #expect((0..<50).allSatisfy { _ in always.fires(for: call, using: &generator) })

        var other = FaultRule(
            id: ProxyHookID(value: 4), fault: .throttle, matcher: .action("RunInstances"), trigger: .always)
        #expect(!other.fires(for: call, using: &generator))

        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        #expect((0..<8).map { _ in first.next() } == (0..<8).map { _ in second.next() })
    }
}
