import Foundation
import Manifest
import Testing

/// `manifests/kiln.schema.json` and the validator agree on every fixture and every example.
///
/// The schema describes one file's shape; rules that need more than one field's value, another
/// file, or YAML below the data model are the validator's alone. Those fixtures are listed in
/// `beyondSchema` with the reason, and for them only the validator's verdict is checked.
struct SchemaAgreementTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Invalid fixtures whose error no JSON Schema of one file can express.
    static let beyondSchema: [String: String] = [
        "ami-map-missing-build-region": "compares source.ami's keys with build.region",
        "distribute-build-region": "compares distribute.regions with build.region",
        "duplicate-image-names": "names are unique across files",
        "duplicate-key": "YAML loaders keep the last of duplicate keys; the data model never sees them",
        "duplicate-key-flow": "YAML loaders keep the last of duplicate keys; the data model never sees them",
        "key-repeated-three-times": "YAML loaders keep the last of duplicate keys; the data model never sees them",
        "duplicate-step-name": "step names are unique across provision, test and cleanup",
        "invalid-base-image": "an image built on an invalid base is invalid",
        "layered-region-mismatch": "compares the base image's regions with build.region",
        "rollout-region-not-distributed": "compares rollout regions with build and distribute regions",
        "source-image-cycle": "source.image references across files",
        "source-self": "compares source.image with metadata.name",
        "unknown-source-image": "source.image references across files",
    ]

    struct Verdicts {
        var validator: [String: Bool] = [:]  // path -> valid
        var schema: [String: String] = [:]  // path -> valid | invalid | unloadable
    }

    /// Every manifest file of every fixture case and of `manifests/`, with the validator's verdict per file.
    static func validatorVerdicts() throws -> (verdicts: [String: Bool], caseOf: [String: String]) {
        var verdicts: [String: Bool] = [:]
        var caseOf: [String: String] = [:]
        func add(directory: URL, caseName: String) throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter(ManifestFile.isManifestPath).sorted()
            let files = try names.map { name in
                let path = directory.appendingPathComponent(name).path
                return ManifestFile(path: path, contents: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            }
            let set = ManifestLoader.load(files: files)
            let failing = Set(set.diagnostics.filter { $0.severity == .error }.map(\.file))
            for file in files {
                verdicts[file.path] = !failing.contains(file.path)
                caseOf[file.path] = caseName
            }
        }
        for group in ["valid", "invalid"] {
            for name in Fixtures.cases(group) {
                try add(
                    directory: Fixtures.root.appendingPathComponent(group).appendingPathComponent(name), caseName: name)
            }
        }
        try add(directory: repository.appendingPathComponent("manifests"), caseName: "manifests")
        return (verdicts, caseOf)
    }

    /// Runs the schema over the files with python's jsonschema (installed with moto).
    static func schemaVerdicts(_ paths: [String]) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3",
            repository.appendingPathComponent("Tests/ManifestTests/Support/schema_check.py").path,
            repository.appendingPathComponent("manifests/kiln.schema.json").path,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(paths))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "schema_check.py failed")
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func schemaAndValidatorAgreeOnEveryFixture() throws {
        let (validator, caseOf) = try Self.validatorVerdicts()
        #expect(validator.count > 60)
        let schema = try Self.schemaVerdicts(validator.keys.sorted())
        for (path, valid) in validator.sorted(by: { $0.key < $1.key }) {
            let caseName = caseOf[path] ?? ""
            let schemaSays = try #require(schema[path], "no schema verdict for \(path)")
            if Self.beyondSchema[caseName] != nil {
                continue
            }
            #expect(
                valid == (schemaSays == "valid"),
                "\(caseName)/\(URL(fileURLWithPath: path).lastPathComponent): validator says \(valid ? "valid" : "invalid"), schema says \(schemaSays)"
            )
        }
    }

    @Test func theExceptionsAreRealAndStillNeeded() throws {
        let (validator, caseOf) = try Self.validatorVerdicts()
        let cases = Set(caseOf.values)
        for name in Self.beyondSchema.keys.sorted() {
            #expect(cases.contains(name), "\(name) is listed as beyond the schema but is not a fixture")
            let files = caseOf.filter { $0.value == name }.map(\.key)
            #expect(files.contains { validator[$0] == false }, "\(name): the validator accepts every file")
        }
    }
}
