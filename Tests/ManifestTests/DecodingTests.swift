import Foundation
import Manifest
import Testing

@Suite("Decoding details")
struct DecodingTests {
    @Test func diagnosticDescriptionIsCompilerStyle() {
        let diagnostic = Diagnostic(file: "manifests/web.yaml", line: 3, column: 7, severity: .error, message: "bad")
        #expect(diagnostic.description == "manifests/web.yaml:3:7: error: bad")
        #expect(Diagnostic(.note, at: diagnostic.location, "see").description == "manifests/web.yaml:3:7: note: see")
    }

    @Test(arguments: [
        ("web.yaml", true), ("a/b/web.yml", true), ("web.YAML", false), ("web.yaml.bak", false),
        ("README.md", false), (".hidden.yaml", false), ("dir/.git/x.yaml", false), ("./web.yaml", true),
        ("schema.json", false),
    ])
    func manifestPaths(_ path: String, _ isManifest: Bool) {
        #expect(ManifestFile.isManifestPath(path) == isManifest)
    }

    @Test func explicitTagsAndQuotedScalarsFollowYAMLTypes() throws {
        let text = Sample.manifest().replacingOccurrences(
            of: "  name: web\n", with: "  name: web\n  description: !!str 3\n"
        ).replacingOccurrences(of: "instanceProfile: kiln-builder", with: "instanceProfile: \"yes\"")
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(set.images.first?.description == "3")
        #expect(set.images.first?.spec.build.instanceProfile == "yes")
    }

    @Test func aRepeatedPathCountsOnce() {
        let file = ManifestFile(path: "web.yaml", text: Sample.manifest())
        let set = ManifestLoader.load(files: [file, file])
        #expect(set.isComplete)
        #expect(set.files == ["web.yaml"])
        #expect(set.images.map(\.name) == ["web"])
    }

    @Test func nullIsNotAString() {
        let text = Sample.manifest().replacingOccurrences(of: "  name: web\n", with: "  name: web\n  description:\n")
        #expect(
            Sample.load(["web.yaml": text]).diagnostics.map(\.description) == [
                "web.yaml:5:15: error: 'metadata.description': expected a string, found null"
            ])
    }

    @Test func crlfLineEndingsAndByteOrderMarkAreAccepted() throws {
        let text = "\u{FEFF}" + Sample.manifest(region: "us-east-1").replacingOccurrences(of: "\n", with: "\r\n")
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        let image = try #require(set.images.first)
        #expect(image.spec.provision[0].run == "set -eu\napt-get update\n")
        #expect(image.nameLocation.line == 4)
    }

    @Test func crlfScriptLinesMapLikeLF() throws {
        let lf = Sample.manifest(region: "us-east-1")
        for text in [lf, lf.replacingOccurrences(of: "\n", with: "\r\n")] {
            let set = Sample.load(["web.yaml": text])
            let step = try #require(set.images.first?.spec.provision.first)
            #expect(step.script.mapping == .lineForLine)
            #expect(step.script.start.line == 16 && step.script.start.column == 9, "\(step.script.start)")
            #expect(step.manifestLocation(scriptLine: 2, column: 1).line == 17)
        }
    }

    @Test func anchorsAndAliasesAreResolved() throws {
        let text =
            Sample.manifest()
            + "  test:\n    - {name: again, run: &script \"echo hi\"}\n    - {name: twice, run: *script}\n"
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(set.images.first?.spec.test.map(\.run) == ["echo hi", "echo hi"])
    }

    @Test func aliasExpansionIsBounded() {
        let big = String(repeating: "x", count: 500_000)
        let aliases = (1...9).map { "    t\($0): *big\n" }.joined()
        let text = Sample.manifest() + "  tags:\n    t0: &big \"\(big)\"\n" + aliases
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.count >= 1)
        #expect(
            set.diagnostics.contains {
                $0.message == "document expands to more than 4194304 bytes of text through aliases"
            })
        #expect(set.images.isEmpty)
    }

    @Test func literalScriptLinesMapToManifestLines() throws {
        let set = Sample.load(["web.yaml": Sample.manifest()])
        let step = try #require(set.images.first?.spec.provision.first)
        // `run: |` is on line 15; the script's first line is line 16, indented 8 spaces.
        #expect(step.script.mapping == .lineForLine)
        let first = step.manifestLocation(scriptLine: 1, column: 1)
        let second = step.manifestLocation(scriptLine: 2, column: 5)
        #expect(first == SourceLocation(file: "web.yaml", line: 16, column: 9))
        #expect(second == SourceLocation(file: "web.yaml", line: 17, column: 13))
    }

    @Test(arguments: [
        ("run: echo $1", ScriptOrigin.Mapping.singleLine, 17),
        ("run: \"echo $1\"", ScriptOrigin.Mapping.singleLine, 18),
        ("run: 'echo $1'", ScriptOrigin.Mapping.singleLine, 18),
        ("run: >\n        echo $1\n        echo $2", ScriptOrigin.Mapping.approximate, 12),
    ])
    func oneLineScriptsMapColumns(_ run: String, _ mapping: ScriptOrigin.Mapping, _ column: Int) throws {
        let text = Sample.manifest() + "  test:\n    - name: t\n      \(run)\n"
        let set = Sample.load(["web.yaml": text])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        let step = try #require(set.images.first?.spec.test.first)
        #expect(step.script.mapping == mapping)
        // Column 6 of the script is the `$` of `$1` for one-line scripts.
        let location = step.manifestLocation(scriptLine: 1, column: 6)
        #expect(location.line == 20)
        #expect(location.column == column)
    }

    @Test func readsDirectoriesRecursivelyInPathOrder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-manifest-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = [
            "b.yaml": Sample.manifest(name: "b"), "sub/a.yml": Sample.manifest(name: "a"),
            "notes.txt": "x", ".hidden/c.yaml": "broken: [", "README.md": "# hi",
        ]
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let set = try ManifestLoader.load(directory: directory.path)
        #expect(set.files == [directory.path + "/b.yaml", directory.path + "/sub/a.yml"])
        #expect(set.isComplete)
        #expect(set.images.map(\.name) == ["a", "b"])
        #expect(throws: ManifestReadError.self) { try ManifestLoader.load(paths: [directory.path + "/missing"]) }
    }
}
