import Cloud
import Foundation
import Logging
import Synchronization
import Testing

@testable import Controller
import Planner

@Suite struct LoggingTests {
    /// Collects lines.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    @Test func jsonLinesCarryMetadataAndNoSecrets() throws {
        let lines = Lines()
        var logger = Logger(label: "kiln.daemon") { label in
            KilnLogHandler(label: label, format: .json, level: .info, write: { lines.append($0) })
        }
        logger[metadataKey: "image"] = "web"
        logger.info("action done", metadata: ["ami": "ami-0abc", "detail": "token=ghp_abcdef123456"])
        logger.debug("not shown")
        #expect(lines.all.count == 1)
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == "action done")
        #expect(object["level"] as? String == "info")
        #expect(object["image"] as? String == "web" && object["ami"] as? String == "ami-0abc")
        #expect(object["detail"] as? String == "token=***")
    }

    @Test func textLinesAreReadable() {
        let lines = Lines()
        let logger = Logger(label: "kiln.daemon") { label in
            KilnLogHandler(label: label, format: .text, level: .info, write: { lines.append($0) })
        }
        logger.warning("cannot fetch the branch", metadata: ["branch": "main"])
        #expect(lines.all.first?.hasSuffix(" warning kiln.daemon: cannot fetch the branch branch=main") == true)
    }

    /// The apply step logs each action exactly once, every line with the same fields.
    @Test func eachActionIsLoggedOnceWithTheSameFields() async throws {
        let lines = Lines()
        let logger = Logger(label: "kiln.cycle") { label in
            KilnLogHandler(label: label, format: .json, level: .trace, write: { lines.append($0) })
        }
        func parameter(_ image: String) -> Action {
            Action(
                .putParameter(name: "/kiln/\(image)/ami", value: "ami-0aaa0"), reason: "publish", image: image,
                version: SemanticVersion("1.0.0"), region: "us-east-1")
        }
        let actions = [parameter("web"), parameter("api"), parameter("api")]
        let outcomes = await DaemonLoopTests.apply(
            actions, executor: FailingExecutor(failing: "api"), fence: .none, logger: logger)
        #expect(outcomes.map(\.status.name) == ["done", "failed", "skipped"])
        let objects = try lines.all.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["message"] as? String } == ["action done", "action failed", "action skipped"])
        for object in objects {
            for field in ["action", "image", "version", "region", "outcome", "duration", "error"] {
                #expect(object[field] is String, "\(field) in \(object)")
            }
        }
        #expect(objects.map { $0["outcome"] as? String } == ["done", "failed", "skipped"])
        #expect(objects.map { $0["image"] as? String } == ["web", "api", "api"])
        #expect((objects[1]["error"] as? String)?.contains("not today") == true)
        #expect(objects[0]["error"] as? String == "-")
    }

    /// A steady state with nothing to do logs nothing at info or above.
    @Test func theSteadyStateIsQuiet() async throws {
        let lines = Lines()
        let logger = Logger(label: "kiln.daemon") { label in
            KilnLogHandler(label: label, format: .json, level: .info, write: { lines.append($0) })
        }
        let remote = try Remote(manifests: ["web.yaml": DaemonPassTests.manifest])
        let clock = ManualClock()
        let parts = try DaemonParts(remote: remote, reconciler: FakeReconciler(), clock: clock, logger: logger)
        #expect(await parts.daemon.pass(.startup) == .cycled)
        let afterFirst = lines.all.count
        #expect(afterFirst == 2, "taking the lease and the first status push are logged: \(lines.all)")
        #expect(lines.all.first?.contains("holding the lease") == true)
        for _ in 0..<3 {
            clock.advance(by: 61)
            _ = await parts.daemon.pass(.timer)
            clock.advance(by: 601)
            #expect(await parts.daemon.pass(.timer) == .cycled)
        }
        #expect(lines.all.count == afterFirst, "\(lines.all.dropFirst(afterFirst))")
    }
}

/// Does every action except those of one image, whose calls fail.
struct FailingExecutor: Executing {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "not today" }
    }

    let failing: String

    func execute(_ action: Action) async throws -> ActionOutcome {
        if action.image == failing { throw Refusal() }
        return ActionOutcome(action, .done)
    }
}
