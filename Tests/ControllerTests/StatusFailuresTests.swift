import Controller
import Foundation
import Manifest
import Planner
import Testing

private typealias PlannerVersion = Planner.SemanticVersion

/// Failures recorded in status files are read leniently; the most attempts win when merged with builder tags.
struct StatusFailuresTests {
    static let full = """
        image: web
        observedCommit: abc
        conditions: [{type: Failed, message: boom}]
        failures:
          - version: 1.2.0
            recipe: 47e69d5268403a326d4db7a3fa9822bd84145cae09b4d811228bd9b06aab0e7f
            attempts: 2
            lastError: step install failed with exit code 3
            lastStep: install
            lastExitCode: 3
            lastOutputTail: |
              E: package not found
            lastFailureAt: 2026-11-20T10:00:00Z
            somethingNew: ignored
        """

    @Test func readsEveryField() throws {
        let records = StatusFailures.read([ManifestFile(path: "status/web.yaml", text: Self.full)])
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.image == "web")
        #expect(record.version == Planner.SemanticVersion("1.2.0"))
        #expect(record.recipe.hasPrefix("47e69d52"))
        #expect(record.attempts == 2)
        #expect(record.lastError == "step install failed with exit code 3")
        #expect(record.lastStep == "install")
        #expect(record.lastExitCode == 3)
        #expect(record.lastOutputTail == "E: package not found\n")
        #expect(record.lastFailureAt == Date(timeIntervalSince1970: 1_795_168_800))
    }

    static let lenient: [(name: String, path: String, text: String, count: Int)] = [
        (
            "image from the file name", "status/api.yaml",
            "failures: [{version: 1.0.0, recipe: r, attempts: 1, lastFailureAt: '2026-01-01T00:00:00Z'}]", 1
        ),
        ("incomplete entries skipped", "status/api.yaml", "failures: [{version: 1.0.0, attempts: 1}, {recipe: r}]", 0),
        (
            "not a version", "status/api.yaml",
            "failures: [{version: one, recipe: r, attempts: 1, lastFailureAt: '2026-01-01T00:00:00Z'}]", 0
        ),
        (
            "zero attempts", "status/api.yaml",
            "failures: [{version: 1.0.0, recipe: r, attempts: 0, lastFailureAt: '2026-01-01T00:00:00Z'}]", 0
        ),
        ("no failures key", "status/api.yaml", "conditions: []", 0),
        ("not YAML", "status/api.yaml", "failures: [unclosed", 0),
        ("not a mapping", "status/api.yaml", "- just\n- a list", 0),
        ("README is not a status file", "status/README.md", "failures: []", 0),
        (
            "quoted numbers", "status/api.yaml",
            "failures: [{version: '1.0.0', recipe: r, attempts: '2', lastFailureAt: '2026-01-01T00:00:00.5Z'}]", 1
        ),
    ]

    @Test(arguments: lenient)
    func readsLeniently(_ example: (name: String, path: String, text: String, count: Int)) {
        let records = StatusFailures.read([ManifestFile(path: example.path, text: example.text)])
        #expect(records.count == example.count, "\(example.name)")
        if let record = records.first { #expect(record.image == "api") }
    }

    /// Bake failures and failures in other accounts are read from one status file, each list on its own: a list
    /// that does not read is skipped and hides nothing of the other.
    @Test func bakeAndAccountFailuresReadIndependently() {
        let entry = "{version: 1.0.0, recipe: r, attempts: 2, lastFailureAt: '2026-01-01T00:00:00Z'"
        let bakes = "failures: [\(entry)}]\n"
        let accounts = "accountFailures: [\(entry), account: '222222222222', lastError: boom}]\n"
        let examples: [(text: String, bakes: Int, accounts: Int)] = [
            (bakes + accounts, 1, 1),
            ("failures: not a list\n" + accounts, 0, 1),
            (bakes + "accountFailures: 7\n", 1, 0),
        ]
        for example in examples {
            let file = ManifestFile(path: "status/api.yaml", text: example.text)
            #expect(StatusFailures.read(file).count == example.bakes, "\(example.text)")
            let inAccount = AccountStatusFailures.read([file])["222222222222"] ?? []
            #expect(inAccount.count == example.accounts, "\(example.text)")
            #expect(inAccount.allSatisfy { $0.image == "api" && $0.lastError == "boom" && $0.attempts == 2 })
        }
    }

    /// Status files are read by the bounded YAML reader: an exponential alias used as a key, a file over 1 MiB and
    /// duplicate keys are skipped at once, never expanded or parsed at length.
    @Test func hostileStatusFilesAreSkippedQuickly() {
        var laughs = "l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...9 {
            laughs +=
                "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let entry = "failures: [{version: 1.0.0, recipe: r, attempts: 1, lastFailureAt: '2026-01-01T00:00:00Z'}]\n"
        let files = [
            ManifestFile(path: "status/keys.yaml", text: laughs + "? *l9\n: x\n" + entry),
            ManifestFile(path: "status/big.yaml", text: entry + "# " + String(repeating: "x", count: 1 << 20) + "\n"),
            ManifestFile(path: "status/twice.yaml", text: entry + entry),
        ]
        let clock = ContinuousClock()
        let start = clock.now
        let records = files.map { StatusFailures.read($0).count }
        #expect(clock.now - start < .seconds(2))
        #expect(records == [1, 0, 0])
        let document = StatusDocument.read(Data((laughs + "image: web\nrollout: *l9\n").utf8))
        #expect(document == nil)
        #expect(clock.now - start < .seconds(2))
    }

    @Test func mostAttemptsWinAndTiesGoToTheStatusFile() throws {
        let version = try #require(PlannerVersion("1.0.0"))
        let at = Date(timeIntervalSince1970: 0)
        func record(_ attempts: Int, _ error: String, recipe: String = "r") -> BakeFailureRecord {
            BakeFailureRecord(
                image: "web", version: version, recipe: recipe, attempts: attempts, lastError: error, lastFailureAt: at)
        }
        let merged = FailureHistory.merge(
            status: [record(2, "from status"), record(1, "other recipe", recipe: "s")],
            observed: [record(2, "from tags"), record(3, "newer on tags", recipe: "s")])
        #expect(merged.map(\.lastError) == ["from status", "newer on tags"])
        #expect(
            StatusFailures.imageNames([
                ManifestFile(path: "status/web.yaml", text: ""), ManifestFile(path: "status/README.md", text: ""),
            ]) == ["web"])
    }
}
