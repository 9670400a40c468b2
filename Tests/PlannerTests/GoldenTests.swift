import Foundation
import Testing

@testable import Planner

// MARK: - Golden plans
//
// Each scenario's plan is compared with Golden/<name>.json, .txt (and .md). To rewrite them after an
// intended change: KILN_UPDATE_GOLDEN=1 swift test --filter GoldenTests

@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let updating = ProcessInfo.processInfo.environment["KILN_UPDATE_GOLDEN"] == "1"

    @Test(arguments: GoldenScenario.all)
    func planMatchesGolden(_ scenario: GoldenScenario) throws {
        let plan = Planner.plan(
            desired: scenario.desired, actual: scenario.actual, now: Fixture.now, configuration: scenario.configuration)
        var outputs = [
            ("json", String(decoding: try plan.json(), as: UTF8.self) + "\n"), ("txt", plan.text),
        ]
        if scenario.markdown { outputs.append(("md", plan.markdown)) }
        for (ext, content) in outputs {
            let file = Self.directory.appendingPathComponent("\(scenario.name).\(ext)")
            if Self.updating {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try content.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try? String(contentsOf: file, encoding: .utf8)
            #expect(expected != nil, "missing \(file.lastPathComponent): run with KILN_UPDATE_GOLDEN=1")
            #expect(content == expected, "\(file.lastPathComponent) differs:\n\(content)")
        }
        #expect(try Plan.fromJSON(plan.json()) == plan)
    }
}
