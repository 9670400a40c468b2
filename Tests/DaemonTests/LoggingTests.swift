import Foundation
import Logging
import Synchronization
import Testing

@testable import Controller

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
