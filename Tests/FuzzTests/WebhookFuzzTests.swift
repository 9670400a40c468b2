@testable import Controller
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

/// The daemon's HTTP application (`HTTPServer.application`, served on a loopback port) on garbled GitHub
/// deliveries: malformed, oversized and odd-shaped bodies, missing, forged and garbled `X-Hub-Signature-256`
/// headers, unexpected events. Every answer is the documented 2xx/4xx with a one-line message; only a
/// correctly signed push to the tracked branch wakes the loop.
@Suite struct WebhookFuzzTests {
    static func context(triggers: DaemonTriggers) -> HTTPServer.Context {
        let registry = PrometheusCollectorRegistry()
        return HTTPServer.Context(
            listen: ListenAddress(host: "127.0.0.1", port: 0), maxBodyBytes: WebhookDelivery.maxBodyBytes,
            webhook: WebhookVerifier(secret: WebhookDelivery.secret, branch: WebhookDelivery.branch),
            triggers: triggers, health: DaemonHealth(staleAfter: 600), registry: registry,
            metrics: DaemonMetrics(factory: PrometheusMetricsFactory(registry: registry)),
            // A loaded test run can keep the client's task from writing for longer than the 10-second read timeout.
            limits: HTTPLimits(idleTimeout: .seconds(300), readTimeout: .seconds(120), maxConnections: 64))
    }

    @Test func garbledDeliveriesGetClearAnswersAndOnlySignedPushesWakeTheLoop() async throws {
        let budget = FuzzBudget.current(default: 300)
        let triggers = DaemonTriggers()
        let context = Self.context(triggers: triggers)
        let app = HTTPServer.application(context, logger: Logger(label: "kiln.fuzz.webhook"))
        let (failures, outcomes) = try await app.test(.live) { client in
            var failures: [String] = []
            var outcomes: [String: Int] = [:]
            for index in budget.indexes {
                var random = budget.generator(index)
                let delivery = WebhookDelivery.generate(using: &random)
                let problem = try await Self.deliver(delivery, client, triggers, index: index, budget: budget)
                let expected = delivery.expected()
                outcomes["\(expected.statuses.sorted())", default: 0] += 1
                if let problem, failures.count < 20 { failures.append(problem) }
            }
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            if let problem = Self.malformedMetrics(metrics) { failures.append(problem) }
            return (failures, outcomes)
        }
        print("webhook: \(budget.indexes.count) deliveries, expected statuses \(outcomes.sorted { $0.key < $1.key })")
        #expect(failures.isEmpty, "\(failures.count) failing deliveries, e.g.:\n\(failures.joined(separator: "\n"))")
        if budget.only == nil, budget.iterations >= 200 {
            for status in ["[401]", "[413]", "[202]", "[400]", "[200]"] {
                #expect(outcomes[status, default: 0] > 0, "never exercised: \(status)")
            }
        }
    }

    /// Sends one delivery and checks the answer; drains a wake-up it caused.
    static func deliver(
        _ delivery: WebhookDelivery, _ client: some TestClientProtocol, _ triggers: DaemonTriggers, index: Int,
        budget: FuzzBudget
    ) async throws -> String? {
        let response = try await client.execute(
            uri: "/hooks/github", method: .post, headers: delivery.headers, body: ByteBuffer(bytes: delivery.body))
        let woke = triggers.isPending
        if woke { _ = try await triggers.wait(until: Date() + 3_600, clock: SystemCycleClock()) }
        let expected = delivery.expected()
        let message = String(buffer: response.body)
        let name = "\(budget.name(index)) \(delivery.summary)"
        if budget.only != nil { print("replaying \(name): \(response.status.code) \(message)") }
        if !expected.statuses.contains(response.status.code) {
            return "\(name): status \(response.status.code), expected \(expected.statuses.sorted()): \(message)"
        }
        if woke, !expected.mayTrigger { return "\(name): woke the loop" }
        if !woke, expected.mustTrigger { return "\(name): did not wake the loop" }
        if message.isEmpty || message.count > 200 || message.dropLast().contains(where: \.isNewline) {
            return "\(name): not a one-line message: \(message.prefix(200).debugDescription)"
        }
        return nil
    }

    /// A reason the metrics page would not parse: a sample line that is not `name{labels} value`.
    static func malformedMetrics(_ response: TestResponse) -> String? {
        guard response.status == .ok else { return "metrics answered \(response.status.code)" }
        let text = String(buffer: response.body)
        guard text.contains("kiln_webhooks_total") else { return "no webhook counter in the metrics" }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), Double(line[line.index(after: space)...]) != nil,
                line.filter({ $0 == "{" }).count <= 1
            else { return "malformed metrics line: \(line.prefix(200))" }
        }
        return nil
    }
}

/// The answer to a signed push of another branch names the ref: it used to echo the ref whole (found by
/// `garbledDeliveriesGetClearAnswersAndOnlySignedPushesWakeTheLoop`, seed 1263094862 case 2159: 700 bytes of
/// markup); it is now one line of at most 100 characters.
@Suite struct WebhookAnswerTests {
    @Test(arguments: [
        "refs/heads/" + String(repeating: "<a>", count: 300), "refs/heads/a\\nb\\r\\nc", "refs/heads/x\\u0000y\\u2028z",
    ])
    func anIgnoredRefIsShownOnOneShortLine(ref: String) throws {
        let verifier = WebhookVerifier(secret: WebhookDelivery.secret, branch: WebhookDelivery.branch)
        let body = Array(#"{"ref":"\#(ref)"}"#.utf8)
        let decision = verifier.decide(event: "push", signature: WebhookDelivery.sign(body), body: body)
        #expect(decision.status == 202)
        #expect(!decision.trigger)
        #expect(decision.message.count <= 140, "\(decision.message)")
        #expect(!decision.message.contains { $0.isNewline || $0 == "\u{0}" }, "\(decision.message.debugDescription)")
        #expect(decision.message.hasPrefix("ignored: refs/heads/"))
    }
}
