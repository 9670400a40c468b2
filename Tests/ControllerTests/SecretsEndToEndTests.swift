import Cloud
import Controller
import Foundation
import KilnTestSupport
import Logging
import Planner
import Synchronization
import Testing

/// A bake step that prints secrets, and an SSM parameter holding one: none of them reaches the status files, the
/// plan (text, Markdown, JSON), the report's JSON or the logs, even where an output tail is cut through a secret.
@Suite(.sharedMoto, .serialized)
struct SecretsEndToEndTests {
    /// Fake secrets, unique per run; each fragment listed must appear nowhere.
    struct Secrets {
        let token = "ghp_" + Self.random(36)
        let jwt = "eyJhbGciOiJIUzI1NiJ9." + Self.random(40) + "." + Self.random(43)
        let accessKey = "AKIA" + Self.random(16).uppercased()
        let secretKey = Self.random(20) + "/" + Self.random(19)
        let keyBody = (0..<6).map { _ in Self.random(70) }
        let parameterValue = "db-password-" + UUID().uuidString

        /// How much of the token a tail keeps: its last 17 characters and the line break.
        static let keptOfToken = 18

        /// Pieces of each secret long enough to mean a leak: what a tail keeps of the token, each key line, the
        /// JWT's payload, both AWS keys, the parameter's value.
        var fragments: [String] {
            [String(token.suffix(Self.keptOfToken - 1)), String(jwt.split(separator: ".")[1]), accessKey, secretKey]
                + [parameterValue] + keyBody
        }

        /// The step's standard output: the token on the first line, then a private key and ordinary lines.
        var stdout: String { "token \(token)\n" + afterToken }

        private var afterToken: String {
            "-----BEGIN OPENSSH PRIVATE KEY-----\n\(keyBody.joined(separator: "\n"))\n"
                + "-----END OPENSSH PRIVATE KEY-----\n" + (1...5).map { "step line \($0) of filler output\n" }.joined()
        }

        var stderr: String {
            "curl: Authorization: Bearer \(jwt)\naws configure set \(accessKey) \(secretKey)"
        }

        /// A tail length that cuts the token in half: what follows it (stdout, then stderr after a line break) and
        /// the token's last characters.
        var tailCharacters: Int { afterToken.count + 1 + stderr.count + Self.keptOfToken }

        static func random(_ count: Int) -> String {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            return String((0..<count).map { _ in alphabet.randomElement() ?? "x" })
        }
    }

    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    @Test func aStepPrintingSecretsLeaksNone() async throws {
        let harness = try await Harness.make()
        defer { harness.stop() }
        let secrets = Secrets()
        try await harness.world.call([
            BotoCall(
                "ssm", "us-east-1", "put_parameter",
                ["Name": "/kiln/web/ami", "Value": secrets.parameterValue, "Type": "String", "Overwrite": true])
        ])
        harness.proxy.scriptCommands(
            containing: "print-secrets",
            outcome: .failed(stdout: secrets.stdout, stderr: secrets.stderr, exitCode: 7))
        try harness.commit([
            "web.yaml": Manifests.image(
                version: "1.0.0", maxAttempts: 1, provision: "print-secrets",
                extra: "  rollout: {ssmParameter: /kiln/web/ami}")
        ])

        let lines = Lines()
        let logger = Logger(label: "kiln.test") { label in
            KilnLogHandler(label: label, format: .json, level: .trace, write: { lines.append($0) })
        }
        let cycle = Self.cycle(harness, logger: logger, tail: secrets.tailCharacters)
        var reports: [CycleReport] = []
        for _ in 0..<10 {
            let report = await cycle.run(.apply)
            reports.append(report)
            if report.isStuck { break }
            harness.clock.advance(by: 5)
        }
        let failure = try #require(reports.flatMap(\.recordedFailures).first, "the step failed and was recorded")
        #expect(failure.failure.outputTail?.contains("filler output") == true)
        #expect(failure.failure.outputTail?.contains("token ***") == true, "the token is masked, not cut in half")
        #expect(failure.failure.outputTail?.contains("Bearer ***") == true)

        var outputs: [(String, String)] = [("logs", lines.all.joined(separator: "\n"))]
        var previous: [String: StatusDocument] = [:]
        for (index, report) in reports.enumerated() {
            let documents = StatusRenderer(observedCommit: report.commit, now: Date(), previous: previous)
                .documents(for: report)
            for (path, data) in try StatusFiles(documents: documents, directory: "status").files {
                outputs.append(("cycle \(index) \(path)", String(decoding: data, as: UTF8.self)))
            }
            previous = documents
            outputs.append(("cycle \(index) plan text", report.planText))
            outputs.append(("cycle \(index) plan markdown", report.planMarkdown))
            outputs.append(("cycle \(index) plan JSON", String(decoding: try report.planJSON(), as: UTF8.self)))
            outputs.append(("cycle \(index) report JSON", String(decoding: try report.json(), as: UTF8.self)))
        }
        #expect(outputs.contains { $0.1.contains("lastOutputTail") }, "the status records the step's output")
        for (name, text) in outputs {
            for fragment in secrets.fragments {
                #expect(!text.contains(fragment), "\(name) carries a secret: …\(fragment.prefix(12))…")
            }
        }
    }

    /// The harness's cycle, with `logger` and output tails of `tail` characters.
    static func cycle(_ harness: Harness, logger: Logger, tail: Int) -> Cycle {
        let clock = harness.clock
        let observer = Observer(
            client: harness.client, configuration: .init(outputTailCharacters: tail), logger: logger,
            now: { clock.now() })
        let executor = Executor(
            client: harness.client, owner: harness.owner, configuration: .init(tagSnapshotsOnCreateImage: false),
            logger: logger)
        return Cycle(
            source: GitManifestSource(location: harness.repository.path), observer: CloudObserver(observer),
            executor: executor, configuration: Cycle.Configuration(owner: harness.owner, planner: Harness.planner),
            clock: harness.clock, logger: logger)
    }
}
