import Foundation
import Testing

@testable import Controller

/// `notify.webhooks` and `notify.snsTopics`: lists of plain values or mappings, checked at their position.
@Suite struct NotifyConfigTests {
    static let document = """
        notify:
          webhooks:
            - https://hooks.slack.com/services/T0/B0/XYZ
            - url: http://127.0.0.1:9000/kiln
              events: [bake.failed, image.stalled]
              secretFile: /run/credentials/kiln.service/notify-secret
          snsTopics:
            - topicArn: arn:aws:sns:eu-west-1:123456789012:kiln-events
              events: [rollout.done]
            - arn:aws:sns:us-east-1:123456789012:kiln-all.fifo
          maxAttempts: 3
          queueSize: 32

        """

    @Test func listsOfValuesAndMappings() throws {
        var configuration = DaemonConfiguration()
        try configuration.apply(yaml: Self.document, file: "kiln.yaml")
        let notify = configuration.notify
        #expect(
            notify.webhooks == [
                WebhookTarget(url: "https://hooks.slack.com/services/T0/B0/XYZ"),
                WebhookTarget(
                    url: "http://127.0.0.1:9000/kiln", events: [.bakeFailed, .imageStalled],
                    secretFile: "/run/credentials/kiln.service/notify-secret"),
            ])
        #expect(
            notify.snsTopics == [
                SNSTopicTarget(topicArn: "arn:aws:sns:eu-west-1:123456789012:kiln-events", events: [.rolloutDone]),
                SNSTopicTarget(topicArn: "arn:aws:sns:us-east-1:123456789012:kiln-all.fifo"),
            ])
        #expect(notify.maxAttempts == 3 && notify.queueSize == 32)
        #expect(notify.snsTopics.map(\.region) == ["eu-west-1", "us-east-1"])
    }

    @Test func flagsAndVariablesTakePlainValues() throws {
        let configuration = try DaemonConfiguration.load(
            file: nil,
            environment: [
                "KILN_REPOSITORY_URL": "file:///srv/images.git",
                "KILN_NOTIFY_SNS_TOPICS": "arn:aws:sns:eu-west-1:123456789012:a,arn:aws:sns:eu-west-1:123456789012:b",
            ],
            flags: [("notify.webhooks", ["https://example.com/a", "http://localhost:8000/b"])])
        #expect(configuration.notify.webhooks.map(\.url) == ["https://example.com/a", "http://localhost:8000/b"])
        #expect(configuration.notify.snsTopics.count == 2)
    }

    static let errors: [(String, String)] = [
        (
            "notify:\n  webhooks:\n    - http://hooks.example.com/x\n",
            "kiln.yaml:3:7: error: notify.webhooks[0].url: a webhook URL must be https unless its host is loopback"
        ),
        (
            "notify:\n  webhooks:\n    - url: https://example.com/x\n      event: [bake.failed]\n",
            "kiln.yaml:4:7: error: unknown key 'notify.webhooks[0].event'"
        ),
        (
            "notify:\n  webhooks:\n    - url: https://example.com/x\n      events: [bake.done]\n",
            "kiln.yaml:4:16: error: notify.webhooks[0].events: 'bake.done' is not an event (one of "
                + NotificationEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ")"
        ),
        (
            "notify:\n  snsTopics:\n    - topicArn: kiln-events\n",
            "kiln.yaml:3:17: error: notify.snsTopics[0].topicArn: expected an SNS topic ARN "
                + "(arn:aws:sns:<region>:<account>:<name>)"
        ),
        ("notify:\n  webhooks: {url: x}\n", "kiln.yaml:2:13: error: notify.webhooks: expected a list"),
    ]

    @Test(arguments: errors)
    func errorsNameTheirPosition(document: String, expected: String) {
        var configuration = DaemonConfiguration()
        do {
            try configuration.apply(yaml: document, file: "kiln.yaml")
            Issue.record("accepted \(document)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func secretFilesMustNotBeReadableByOthers() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-notify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("secret").path
        try #require(
            FileManager.default.createFile(
                atPath: file, contents: Data("s3cret-s3cret\n".utf8), attributes: [.posixPermissions: 0o644]))
        var settings = NotifySettings()
        settings.webhooks = [WebhookTarget(url: "https://example.com/hook", secretFile: file)]
        #expect(throws: (any Error).self) {
            _ = try Notifier.make(settings, awsClient: nil, logger: .init(label: "kiln.test"))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try Notifier.secret(fromFile: file) == Array("s3cret-s3cret".utf8))
        let notifier = try #require(try Notifier.make(settings, awsClient: nil, logger: .init(label: "kiln.test")))
        #expect(notifier.sinks.map(\.display) == ["https://example.com/…"])
        let running = Task { try await notifier.run() }
        running.cancel()
        _ = try? await running.value
    }
}
