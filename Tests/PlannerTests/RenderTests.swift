import Foundation
import Testing

@testable import Planner

// MARK: - Renderers and the standard cleanup script

@Suite struct RenderTests {
    @Test func markdownEscapesTableCells() {
        let action = Action(
            .wait(for: "a | b", until: nil), reason: "x | y\nz", image: "app", version: nil, region: Fixture.east)
        let markdown = Plan(actions: [action], images: [], notices: []).markdown
        #expect(markdown.contains("| `=` | wait on app in us-east-1 | x \\| y z |"))
        #expect(markdown.hasPrefix("### Kiln plan: 1 action\n"))
    }

    @Test func anEmptyPlanSaysSo() {
        let plan = Plan(actions: [], images: [], notices: ["n"])
        #expect(plan.text == "no changes\nnote: n\n")
        #expect(plan.isConverged)
        #expect(plan.markdown.contains("No changes."))
    }

    @Test func everyKindHasASymbolAndASummaryNamingItsRegion() {
        let plans = GoldenScenario.all.map {
            plan(desired: $0.desired, actual: $0.actual, now: Fixture.now, configuration: $0.configuration)
        }
        for action in plans.flatMap(\.actions) {
            #expect(["+", "~", "-", "!", "="].contains(action.symbol))
            #expect(action.summary.contains(action.region) || action.kind.caseName == "recordBakeFailure")
        }
    }

    @Test func standardCleanupCoversTheBestPractices() {
        let script = BakeScript.standardCleanup
        for needle in [
            "dnf -q clean all", "yum -q clean all", "apt-get -q clean", "authorized_keys", ".bash_history",
            "/etc/ssh/ssh_host_*", "cloud-init clean --logs", "truncate -s 0 /etc/machine-id", "journalctl --rotate",
            "/tmp/*", "/var/tmp/*",
        ] {
            #expect(script.contains(needle), "missing \(needle)")
        }
        #expect(script.hasPrefix("#!/bin/bash\n"))
        #expect(script.hasSuffix("exit 0"))
    }

    @Test func standardCleanupPassesShellcheck() throws {
        let shellcheck = URL(fileURLWithPath: "/usr/bin/shellcheck")
        try #require(FileManager.default.isExecutableFile(atPath: shellcheck.path), "shellcheck is not installed")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-cleanup-\(UUID().uuidString).sh")
        try BakeScript.standardCleanup.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = shellcheck
        process.arguments = ["--shell=bash", "--severity=style", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
