import Foundation
import Manifest
import Testing

@Suite("Manifest fixtures")
struct FixtureTests {
    /// Every invalid fixture must be listed here, so a lost directory fails the suite.
    static let invalidCases = [
        "account-id-as-number", "ami-map-missing-build-region", "auto-update-invalid", "bad-account-id", "bad-ami-id",
        "bad-duration",
        "bad-name", "bad-region", "bad-subnet", "bad-version", "binary-file", "cleanup-invalid", "comments-only",
        "control-character", "distribute-build-region", "duplicate-image-names", "duplicate-key",
        "duplicate-key-flow", "duplicate-step-name", "duration-as-number", "empty-file", "empty-provision",
        "empty-run", "invalid-base-image", "key-repeated-three-times", "kms-key-without-encryption",
        "layered-region-mismatch", "many-errors-one-file", "missing-required-fields", "missing-spec",
        "multiple-documents", "name-ends-with-dash", "no-source", "non-utf8", "not-a-mapping",
        "one-bad-file-among-good", "pinned-not-semver", "reserved-tag-prefix", "retention-keep-zero",
        "rollout-refresh-fields", "rollout-region-not-distributed", "source-image-cycle", "source-self",
        "tab-indentation", "two-sources", "unknown-key-nested", "unknown-key-top-level", "unknown-source-image",
        "version-leading-zero", "wrong-api-version-and-kind", "wrong-shape", "wrong-type-int-for-string",
        "wrong-type-string-for-int", "yaml-syntax-error", "yes-is-not-boolean", "zero-duration",
    ]

    @Test func everyFixtureDirectoryIsListed() {
        #expect(Fixtures.cases("invalid") == Self.invalidCases.sorted())
        #expect(Self.invalidCases.count >= 30)
    }

    @Test(arguments: invalidCases)
    func invalidFixtureHasExactDiagnostics(_ name: String) throws {
        let files = try Fixtures.files("invalid", name)
        #expect(!files.isEmpty)
        let set = ManifestLoader.load(files: files)
        let expected = try Fixtures.expected(name)
        #expect(!expected.isEmpty)
        #expect(set.diagnostics.map(\.description) == expected)
        #expect(!set.isComplete)
        #expect(!set.invalidFiles.isEmpty)
        // Every file named by an error is invalid, and no invalid file yields an image.
        for diagnostic in set.diagnostics where diagnostic.severity == .error {
            #expect(set.invalidFiles.contains(diagnostic.file))
        }
        #expect(set.images.allSatisfy { !set.invalidFiles.contains($0.file) })
    }

    @Test func oneBadFileNeverHidesTheOthers() throws {
        let set = ManifestLoader.load(files: try Fixtures.files("invalid", "one-bad-file-among-good"))
        #expect(set.files == ["bad.yml", "good.yaml"])
        #expect(set.images.map(\.name) == ["good"])
        #expect(set.invalidNames == ["bad"])
        #expect(set.invalidFiles == ["bad.yml"])
    }

    @Test func duplicateNamesInvalidateBothImages() throws {
        let set = ManifestLoader.load(files: try Fixtures.files("invalid", "duplicate-image-names"))
        #expect(set.images.map(\.name) == ["other"])
        #expect(set.invalidNames == ["web"])
        #expect(set.invalidFiles == ["a.yaml", "b.yaml"])
    }

    @Test func cycleAndItsDependentsAreInvalidOthersLoad() throws {
        let set = ManifestLoader.load(files: try Fixtures.files("invalid", "source-image-cycle"))
        #expect(set.images.map(\.name) == ["d"])
        #expect(set.invalidNames == ["a", "b", "c"])
    }

    @Test func hugeFileIsRejectedBeforeParsing() {
        // 10 MB of valid-looking YAML: rejected on its size alone.
        let line = Array("key: value\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10_000_000 + line.count)
        while bytes.count < 10_000_000 { bytes += line }
        let set = ManifestLoader.load(files: [ManifestFile(path: "huge.yaml", contents: bytes)])
        #expect(
            set.diagnostics.map(\.description) == [
                "huge.yaml:1:1: error: file is too large: a manifest may have at most 1048576 bytes (1 MiB)"
            ])
        #expect(set.invalidFiles == ["huge.yaml"])
    }

    @Test func fileOfExactlyTheLimitIsParsed() {
        var text = Sample.manifest()
        text += "#" + String(repeating: "x", count: ManifestLoader.maxManifestBytes - text.utf8.count - 2) + "\n"
        #expect(text.utf8.count == ManifestLoader.maxManifestBytes)
        let set = Sample.load(["web.yaml": text])
        #expect(set.isComplete)
        #expect(set.images.count == 1)
    }
}
