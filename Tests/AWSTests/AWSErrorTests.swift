import Foundation
import Testing

@testable import AWS

@Suite("AWS error envelopes")
struct AWSErrorTests {
    struct EnvelopeCase: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int
        var headers: [String: String] = [:]
        var body: String
        var code: String
        var message: String
        var requestID: String?
        var testDescription: String { name }
    }

    static let envelopes: [EnvelopeCase] = [
        EnvelopeCase(
            name: "EC2 Response/Errors", status: 400, body: MotoResponses.describeImagesNotFound,
            code: "InvalidAMIID.NotFound", message: "The image id '[ami-00000000000000000]' does not exist",
            requestID: "request-id"),
        EnvelopeCase(
            name: "query ErrorResponse", status: 400, body: MotoResponses.updateAutoScalingGroupError,
            code: "ValidationError", message: "AutoScalingGroup name not found - null",
            requestID: "wLMN06eeg1FMorJFF7hz1nETjVSNvQK8CpEsWDsLMyTDVOxWXRXE"),
        EnvelopeCase(
            name: "bare Error (S3 style)", status: 403,
            body: "<Error><Code>AccessDenied</Code><Message>denied</Message><RequestId>R1</RequestId></Error>",
            code: "AccessDenied", message: "denied", requestID: "R1"),
        EnvelopeCase(
            name: "request id header wins over the body", status: 403,
            headers: ["x-amzn-RequestId": "HEADER-ID"],
            body: "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error>"
                + "</Errors><RequestID>BODY-ID</RequestID></Response>",
            code: "UnauthorizedOperation", message: "no", requestID: "HEADER-ID"),
        EnvelopeCase(
            name: "JSON __type with prefix, Message", status: 400, body: MotoResponses.putItemConditionalFailure,
            code: "ConditionalCheckFailedException", message: "The conditional request failed"),
        EnvelopeCase(
            name: "JSON __type, message", status: 400, body: MotoResponses.getParameterNotFound,
            code: "ParameterNotFound", message: "Parameter /kiln/missing not found."),
        EnvelopeCase(
            name: "JSON with a URL suffix in __type", status: 400,
            body: #"{"__type":"ValidationException:http://internal.amazon.com/coral/","message":"bad"}"#,
            code: "ValidationException", message: "bad"),
        EnvelopeCase(
            name: "x-amzn-ErrorType header and an empty body", status: 400,
            headers: ["X-Amzn-ErrorType": "ThrottlingException:http://internal/", "x-amz-request-id": "H2"], body: "",
            code: "ThrottlingException", message: "no error message in the response", requestID: "H2"),
        EnvelopeCase(
            name: "empty body", status: 503, body: "", code: "HTTP503", message: "no error message in the response"),
        EnvelopeCase(
            name: "HTML 500", status: 500,
            body: "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body>"
                + "<h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>",
            code: "HTTP500",
            message: "unexpected response body: 500 Internal Server Error Internal Server Error "
                + "The server encountered an internal error."),
        EnvelopeCase(
            name: "plain text 502", status: 502, body: "Bad Gateway", code: "HTTP502",
            message: "unexpected response body: Bad Gateway"),
    ]

    @Test(arguments: envelopes)
    func parsesEnvelope(_ envelope: EnvelopeCase) {
        let error = AWSError.parse(
            status: envelope.status, headers: envelope.headers.map { ($0.key, $0.value) },
            body: Array(envelope.body.utf8), service: .ec2, action: "DescribeImages")
        #expect(error.code == envelope.code)
        #expect(error.message == envelope.message)
        #expect(error.requestID == envelope.requestID)
        #expect(error.statusCode == envelope.status)
    }

    @Test("an HTML page is cut to a short single-line excerpt")
    func longBodiesAreNotDumped() {
        let page = "<html><body>" + String(repeating: "secret-looking filler text ", count: 400) + "</body></html>"
        let error = AWSError.parse(
            status: 500, headers: [], body: Array(page.utf8), service: .ssm, action: "SendCommand")
        #expect(error.message.count <= "unexpected response body: ".count + 120)
        #expect(!error.message.contains("\n"))
        #expect(!error.description.contains("<html>"))
    }

    /// A message is redacted before it is cut to 1,000 characters: an access key id the cut would halve (and so
    /// make unrecognisable) is gone first; so is a token in an error page's excerpt.
    @Test("messages are redacted before they are cut")
    func messagesAreRedactedBeforeTheCut() {
        let padding = String(repeating: "word ", count: 198)
        let body =
            "<Response><Errors><Error><Code>InvalidX</Code><Message>\(padding)AKIAIOSFODNN7EXAMPLE</Message>"
            + "</Error></Errors></Response>"
        let error = AWSError.parse(status: 400, headers: [], body: Array(body.utf8), service: .ec2, action: "X")
        #expect(!error.description.contains("AKIAIOSF"), "\(error.description.suffix(40))")
        let page =
            "<html><body>" + String(repeating: "oops ", count: 20) + "token=ghp_Zq8Xw2Lm4Np6Rt8Vx0Bz2Dc</body></html>"
        let fromPage = AWSError.parse(status: 502, headers: [], body: Array(page.utf8), service: .ec2, action: "X")
        #expect(!fromPage.description.contains("Zq8Xw2"), "\(fromPage.description)")
    }

    @Test("the description names service, action, code, status, request id and message")
    func description() {
        let error = AWSError.service(
            code: "UnauthorizedOperation", message: "You are not authorized to perform this operation.",
            statusCode: 403, requestID: "abc-123", service: .ec2, action: "DescribeImages")
        #expect(
            error.description
                == "EC2 DescribeImages failed: UnauthorizedOperation (HTTP 403, request id abc-123): "
                + "You are not authorized to perform this operation.")
        let timeout = AWSError.timeout("no response in time", service: .autoScaling, action: "UpdateAutoScalingGroup")
        #expect(timeout.description == "Auto Scaling UpdateAutoScalingGroup failed: Timeout: no response in time")
    }

    struct ClassificationCase: Sendable, CustomTestStringConvertible {
        var code: String
        var status: Int
        var retryable: Bool
        var throttling: Bool
        var testDescription: String { "\(code) HTTP \(status)" }
    }

    static let classifications: [ClassificationCase] = [
        .init(code: "Throttling", status: 400, retryable: true, throttling: true),
        .init(code: "ThrottlingException", status: 400, retryable: true, throttling: true),
        .init(code: "RequestLimitExceeded", status: 503, retryable: true, throttling: true),
        .init(code: "ProvisionedThroughputExceededException", status: 400, retryable: true, throttling: true),
        .init(code: "TransactionInProgressException", status: 400, retryable: true, throttling: true),
        .init(code: "EC2ThrottledException", status: 400, retryable: true, throttling: true),
        .init(code: "SlowDown", status: 503, retryable: true, throttling: true),
        .init(code: "PriorRequestNotComplete", status: 400, retryable: true, throttling: true),
        .init(code: "HTTP429", status: 429, retryable: true, throttling: true),
        .init(code: "RequestTimeout", status: 400, retryable: true, throttling: false),
        .init(code: "InternalError", status: 500, retryable: true, throttling: false),
        .init(code: "ServiceUnavailable", status: 503, retryable: true, throttling: false),
        .init(code: "HTTP500", status: 500, retryable: true, throttling: false),
        .init(code: "HTTP502", status: 502, retryable: true, throttling: false),
        .init(code: "HTTP504", status: 504, retryable: true, throttling: false),
        .init(code: "HTTP501", status: 501, retryable: false, throttling: false),
        .init(code: "UnauthorizedOperation", status: 403, retryable: false, throttling: false),
        .init(code: "AuthFailure", status: 401, retryable: false, throttling: false),
        .init(code: "InvalidAMIID.NotFound", status: 400, retryable: false, throttling: false),
        .init(code: "ValidationError", status: 400, retryable: false, throttling: false),
        .init(code: "ConditionalCheckFailedException", status: 400, retryable: false, throttling: false),
        .init(code: "IncorrectState", status: 409, retryable: false, throttling: false),
    ]

    @Test(arguments: classifications)
    func classifies(_ entry: ClassificationCase) {
        let error = AWSError.service(
            code: entry.code, message: "", statusCode: entry.status, requestID: nil, service: .ec2, action: "X")
        #expect(error.isRetryable == entry.retryable)
        #expect(error.isThrottling == entry.throttling)
    }

    @Test("transport failures retry; a bad response or a request Kiln could not build never does")
    func clientSideKinds() {
        #expect(AWSError.timeout("t", service: .ssm, action: "X").isRetryable)
        #expect(AWSError.timeout("t", service: .ssm, action: "X").isTimeout)
        #expect(AWSError.connection("reset", service: .ssm, action: "X").isRetryable)
        #expect(AWSError.connection("reset", service: .ssm, action: "X").isTransportFailure)
        #expect(!AWSError.connection("reset", service: .ssm, action: "X").isTimeout)
        #expect(!AWSError.invalidResponse("x", statusCode: 200, requestID: nil, service: .ssm, action: "X").isRetryable)
        #expect(!AWSError.repeatedPageToken(service: .ssm, action: "X").isRetryable)
        #expect(!AWSError.invalidRequest("x", service: .ssm, action: "X").isRetryable)
    }
}
