import AWS
import Controller
import Foundation
import KilnTestSupport
import Logging
import Manifest
import Testing

/// Notifications published to SNS under moto with signatures and IAM enforced: the topic's SQS subscription gets
/// the event's body, signed by a user whose only policy is the generated controller policy for that topic; without
/// the topic in the configuration, the policy grants no `sns:Publish` and the call is refused.
@Suite("Notifications to SNS under moto's IAM", .serialized)
struct NotifySNSTests {
    static let region = "eu-west-1"

    static func client(_ credentials: Credentials, endpoint: URL) -> AWSClient {
        AWSClient(
            credentialProvider: StaticCredentialProvider(credentials), endpoint: { _, _ in endpoint },
            retryStrategy: RetryStrategy(maxAttempts: 1, random: { 0 }), timeout: .seconds(60), httpClient: .shared,
            logger: Logger(label: "kiln.test.aws"))
    }

    @Test func anEventReachesTheTopicsQueue() async throws {
        let moto = try await MotoServer.start(.init(initialNoAuthActionCount: 3))
        defer { moto.stop() }
        let admin = try await moto.createIAMUser(name: "kiln-admin")
        let setUp = try await Boto.run(
            """
            import json
            sns = client('sns', os.environ['KILN_REGION'])
            sqs = client('sqs', os.environ['KILN_REGION'])
            topic = sns.create_topic(Name='kiln-events')['TopicArn']
            queue = sqs.create_queue(QueueName='kiln-events')['QueueUrl']
            arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
            sns.subscribe(TopicArn=topic, Protocol='sqs', Endpoint=arn)
            print(topic, queue)
            """, endpoint: moto.endpoint, accessKey: admin.accessKeyId, secretKey: admin.secretAccessKey,
            extra: ["KILN_REGION": Self.region])
        let fields = setUp.split(separator: "\n").last?.split(separator: " ").map(String.init) ?? []
        try #require(fields.count == 2, "set-up printed \(setUp)")
        let (topicArn, queueURL) = (fields[0], fields[1])

        let policy = ControllerPolicy(
            owner: "images-prod", account: "123456789012", guardrails: Guardrails(), notificationTopics: [topicArn])
        #expect(policy.json.contains(topicArn))
        let allowed = try await moto.createIAMUserAsAdmin(
            name: "kiln-notify", policy: try MotoServer.evaluablePolicy(policy.json), admin: admin)
        let silent = try await moto.createIAMUserAsAdmin(
            name: "kiln-silent",
            policy: try MotoServer.evaluablePolicy(
                ControllerPolicy(owner: "images-prod", account: "123456789012", guardrails: Guardrails()).json),
            admin: admin)

        let event = NotificationEvent(
            .rolloutDone, image: "web", version: "1.4.2", region: "us-east-1", amiId: "ami-0abc", commit: "0123abcd",
            time: Date(timeIntervalSince1970: 1_717_243_200), text: "Kiln rolled web 1.4.2 out")
        let body = try event.body()
        let target = SNSTopicTarget(topicArn: topicArn)
        #expect(target.region == Self.region)

        let denied = SNSTopicSink(target: target, client: Self.client(silent, endpoint: moto.endpoint))
        do {
            try await denied.deliver(event, body: body)
            Issue.record("published without sns:Publish in the policy")
        } catch let error as AWSError {
            #expect(error.isAccessDenied, "\(error)")
        }

        let sink = SNSTopicSink(target: target, client: Self.client(allowed, endpoint: moto.endpoint))
        try await sink.deliver(event, body: body)

        let received = try await Boto.run(
            """
            import json
            sqs = client('sqs', os.environ['KILN_REGION'])
            messages = sqs.receive_message(QueueUrl=os.environ['KILN_QUEUE'], MaxNumberOfMessages=10,
                WaitTimeSeconds=2).get('Messages', [])
            print(len(messages))
            for message in messages:
                print(json.dumps(json.loads(message['Body'])))
            """, endpoint: moto.endpoint, accessKey: admin.accessKeyId, secretKey: admin.secretAccessKey,
            extra: ["KILN_REGION": Self.region, "KILN_QUEUE": queueURL])
        let lines = received.split(separator: "\n").map(String.init)
        try #require(lines.first == "1", "the queue holds \(lines.first ?? "nothing")")
        let envelope = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(envelope["TopicArn"] as? String == topicArn)
        #expect(envelope["Subject"] as? String == "Kiln rollout.done web 1.4.2")
        let message = try #require(envelope["Message"] as? String)
        #expect(message == String(decoding: body, as: UTF8.self))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any])
        #expect(decoded["event"] as? String == "rollout.done" && decoded["amiId"] as? String == "ami-0abc")
    }
}
