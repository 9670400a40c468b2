import Foundation
import Manifest
import Planner
import Testing

@testable import Controller

/// `spec.version` rewritten in place at the decoder's position; everything else byte for byte, and nothing when the
/// text there is not the version decoded.
@Suite struct VersionEditTests {
    static func edit(_ text: String, from: String = "1.4.2", to: String = "1.4.3") -> String? {
        let manifest = ManifestLoader.load(files: [ManifestFile(path: "web.yaml", text: text)]).images.first
        guard let manifest, let old = SemanticVersion(from), let new = SemanticVersion(to) else { return nil }
        let location = manifest.spec.versionLocation
        return VersionEdit.replacing(old, with: new, line: location.line, column: location.column, in: text)
    }

    static func manifest(_ version: String, prefix: String = "", suffix: String = "") -> String {
        """
        \(prefix)apiVersion: kiln/v1
        kind: Image
        metadata: {name: web}
        spec:
          version: \(version)\(suffix)
          source: {ami: ami-0abc1234}
          build: {region: us-east-1, instanceType: t3.small, instanceProfile: kiln-builder}
          provision: [{name: install, run: "echo 1.4.2"}]

        """
    }

    @Test(arguments: [
        ("1.4.2", ""), ("\"1.4.2\"", ""), ("'1.4.2'", ""), ("1.4.2", "   # pinned by hand: 1.4.2"),
        ("1.4.2", "\r"),
    ])
    func onlyTheVersionScalarChanges(_ written: String, _ suffix: String) throws {
        let prefix = "# Ünïcode comment first: columns count scalars\n"
        let text = Self.manifest(written, prefix: prefix, suffix: suffix)
        let edited = try #require(Self.edit(text))
        #expect(
            edited
                == Self.manifest(
                    written.replacingOccurrences(of: "1.4.2", with: "1.4.3"), prefix: prefix, suffix: suffix))
    }

    @Test func buildMetadataAndPrereleaseAreReplacedWhole() throws {
        let text = Self.manifest("1.4.2-rc.1+build.7")
        #expect(try #require(Self.edit(text, from: "1.4.2-rc.1+build.7", to: "1.4.3")) == Self.manifest("1.4.3"))
    }

    @Test func aTextThatMovedIsNotEdited() throws {
        let text = Self.manifest("1.4.2")
        let old = try #require(SemanticVersion("1.4.2"))
        let new = try #require(SemanticVersion("1.4.3"))
        #expect(VersionEdit.replacing(old, with: new, line: 5, column: 3, in: text) == nil, "the key, not the value")
        #expect(VersionEdit.replacing(old, with: new, line: 40, column: 12, in: text) == nil, "past the end")
        let other = try #require(SemanticVersion("1.4.1"))
        #expect(VersionEdit.replacing(other, with: new, line: 5, column: 12, in: text) == nil, "another version")
        #expect(VersionEdit.replacing(old, with: new, line: 5, column: 12, in: text) == Self.manifest("1.4.3"))
    }
}
