import Foundation
import Testing

@Suite("kiln validate")
struct ValidateCommandTests {
    // MARK: - Directories and files

    @Test func validDirectoryExitsZero() throws {
        let tree = try TemporaryTree([
            "manifests/web.yaml": Manifests.valid(), "manifests/sub/api.yml": Manifests.valid(name: "api"),
        ])
        let result = try KilnProcess.run(["validate", "manifests"], in: tree.url)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        #expect(result.standardOutput == "2 manifests checked: 2 valid images, 0 invalid files; 0 errors, 0 warnings\n")
    }

    @Test func defaultPathIsManifests() throws {
        let tree = try TemporaryTree(["manifests/web.yaml": Manifests.valid()])
        let result = try KilnProcess.run(["validate"], in: tree.url)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("1 manifest checked: 1 valid image"))
    }

    @Test func invalidManifestsExitOneWithSortedPositions() throws {
        let broken = Manifests.valid(name: "b").replacingOccurrences(of: "t3.small", with: "3")
            .replacingOccurrences(of: "kind: Image\n", with: "kind: Image\nextra: true\n")
        let tree = try TemporaryTree([
            "manifests/b.yaml": broken,
            "manifests/a.yaml": Manifests.valid(name: "a").replacingOccurrences(of: "1.0.0", with: "1.0"),
            "manifests/c.yaml": Manifests.valid(name: "c"),
        ])
        let result = try KilnProcess.run(["validate", "manifests"], in: tree.url)
        #expect(result.status == 1)
        #expect(
            result.errorLines == [
                "manifests/a.yaml:6:12: error: 'spec.version': invalid version '1.0' "
                    + "(expected a semantic version MAJOR.MINOR.PATCH, e.g. 1.4.2)",
                "manifests/b.yaml:3:1: error: unknown key 'extra'",
                "manifests/b.yaml:12:19: error: 'spec.build.instanceType': expected a string, found an integer",
            ])
        #expect(result.standardOutput == "3 manifests checked: 1 valid image, 2 invalid files; 3 errors, 0 warnings\n")
    }

    @Test func singleFilesCanBeNamed() throws {
        let tree = try TemporaryTree(["one.yaml": Manifests.valid(), "two.yml": Manifests.valid(name: "two")])
        let result = try KilnProcess.run(["validate", "one.yaml", "two.yml"], in: tree.url)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("2 manifests checked"))
    }

    // MARK: - Exit codes for usage and I/O errors

    @Test(arguments: [
        ["validate", "--output", "xml"], ["validate", "--no-such-flag"], ["validate", "--ref", "main"],
        ["validate", "--path", "manifests"], ["validate", "--repo", ".", "manifests"], ["validate", "notes.txt"],
    ])
    func usageErrorsExit64(_ arguments: [String]) throws {
        let tree = try TemporaryTree(["notes.txt": "hello\n", "manifests/web.yaml": Manifests.valid()])
        let result = try KilnProcess.run(arguments, in: tree.url)
        #expect(result.status == 64)
        #expect(!result.standardError.isEmpty)
    }

    @Test func missingPathExits74() throws {
        let tree = try TemporaryTree()
        let result = try KilnProcess.run(["validate", "nowhere"], in: tree.url)
        #expect(result.status == 74)
        #expect(result.standardError == "kiln validate: error: nowhere: no such file or directory\n")
    }

    // MARK: - JSON

    @Test func jsonOutputDescribesFilesDiagnosticsAndImages() throws {
        let tree = try TemporaryTree([
            "m/web.yaml": Manifests.valid(),
            "m/bad.yaml": Manifests.valid(name: "bad").replacingOccurrences(of: "us-east-1", with: "mars-1"),
        ])
        let result = try KilnProcess.run(["validate", "--output", "json", "m"], in: tree.url)
        #expect(result.status == 1)
        #expect(result.standardError.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let json = try #require(object as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        #expect(json["files"] as? [String] == ["m/bad.yaml", "m/web.yaml"])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["file"] as? String == "m/bad.yaml")
        #expect(diagnostics.first?["line"] as? Int == 10)
        #expect(diagnostics.first?["column"] as? Int == 13)
        #expect(diagnostics.first?["severity"] as? String == "error")
        #expect((diagnostics.first?["message"] as? String)?.hasPrefix("'spec.build.region': invalid region") == true)
        let images = try #require(json["images"] as? [[String: Any]])
        #expect(images.count == 1)
        #expect(images.first?["name"] as? String == "web")
        #expect(images.first?["version"] as? String == "1.0.0")
        let recipe = try #require(images.first?["recipe"] as? String)
        #expect(recipe.count == 64)
        #expect(images.first?["recipe8"] as? String == String(recipe.prefix(8)))
    }

    @Test func jsonOutputOfValidSetExitsZero() throws {
        let tree = try TemporaryTree(["m/web.yaml": Manifests.valid()])
        let result = try KilnProcess.run(["validate", "--output", "json", "m"], in: tree.url)
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let json = try #require(object as? [String: Any])
        #expect(json["valid"] as? Bool == true)
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
    }

    // MARK: - shellcheck

    @Test func shellcheckFindingsAreReportedAtManifestPositions() throws {
        let script = "|\n        set -eu\n        echo $1"
        let tree = try TemporaryTree([
            "m/web.yaml": Manifests.valid(run: script),
            "m/api.yaml": Manifests.valid(name: "api", run: "\"if true; then echo\""),
        ])
        let result = try KilnProcess.run(["validate", "--shellcheck", "m"], in: tree.url)
        try #require(result.status != 74, "shellcheck is not installed: \(result.standardError)")
        #expect(result.status == 1)
        let lines = result.errorLines
        // `echo $1` is script line 2, column 6: manifest line 17, column 8 + 6.
        #expect(
            lines.contains(
                "m/web.yaml:17:14: warning: shellcheck SC2086 (info) in step 'install': "
                    + "Double quote to prevent globbing and word splitting."))
        // A one-line quoted script starts one column after the quote (line 15, column 13).
        #expect(lines.contains { $0.hasPrefix("m/api.yaml:15:13: error: shellcheck SC1046 (error) in step 'install'") })
        #expect(lines.allSatisfy { $0.hasPrefix("m/api.yaml:15:") || $0.hasPrefix("m/web.yaml:17:") })
    }

    @Test func shellcheckInfoAndStyleFindingsDoNotFailValidation() throws {
        let tree = try TemporaryTree(["m/web.yaml": Manifests.valid(run: "|\n        set -eu\n        echo $1")])
        let result = try KilnProcess.run(["validate", "--shellcheck", "m"], in: tree.url)
        try #require(result.status != 74, "shellcheck is not installed: \(result.standardError)")
        #expect(result.status == 0)
        #expect(result.errorLines.count == 1)
        #expect(result.standardOutput.hasSuffix("0 errors, 1 warning\n"))
    }

    @Test func missingShellcheckExits74() throws {
        let tree = try TemporaryTree(["m/web.yaml": Manifests.valid()])
        let empty = tree.url.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try KilnProcess.run(
            ["validate", "--shellcheck", "m"], in: tree.url, environment: ["PATH": empty.path])
        #expect(result.status == 74)
        #expect(result.standardError.contains("shellcheck was not found on PATH"))
    }
}
