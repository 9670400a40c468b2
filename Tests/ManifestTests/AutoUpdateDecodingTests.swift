import Foundation
import Manifest
import Testing

@Suite("spec.autoUpdate")
struct AutoUpdateDecodingTests {
    static func manifest(autoUpdate: String?) -> String {
        let line = autoUpdate.map { "  autoUpdate: \($0)\n" } ?? ""
        return Sample.manifest().replacingOccurrences(of: "  version: 1.0.0\n", with: "  version: 1.0.0\n" + line)
    }

    @Test(
        arguments: [
            (nil, SourceUpdatePolicy.none), ("{source: patch}", .patch), ("{source: minor}", .minor),
            ("{source: none}", SourceUpdatePolicy.none), ("{}", SourceUpdatePolicy.none),
        ] as [(String?, SourceUpdatePolicy)])
    func decodesThePolicy(_ text: String?, _ policy: SourceUpdatePolicy) throws {
        let set = Sample.load(["web.yaml": Self.manifest(autoUpdate: text)])
        #expect(set.diagnostics.isEmpty, "\(set.diagnostics)")
        #expect(try #require(set.images.first).spec.autoUpdate.source == policy)
    }

    @Test func aWrongValueNamesItsPosition() {
        let set = Sample.load(["web.yaml": Self.manifest(autoUpdate: "{source: yes}")])
        #expect(set.images.isEmpty)
        #expect(
            set.diagnostics.map(\.description) == [
                "web.yaml:7:24: error: 'spec.autoUpdate.source': invalid value 'yes' (expected one of patch, minor, none)"
            ])
    }

    @Test func autoUpdateIsNotPartOfTheRecipe() throws {
        let plain = try #require(Sample.load(["web.yaml": Self.manifest(autoUpdate: nil)]).images.first)
        let patch = try #require(Sample.load(["web.yaml": Self.manifest(autoUpdate: "{source: patch}")]).images.first)
        #expect(plain.recipeHash == patch.recipeHash)
    }

    @Test(arguments: [
        (SourceUpdatePolicy.patch, "1.4.2", "1.4.3"), (.minor, "1.4.2", "1.5.0"), (.patch, "2.0.0-rc.1+b7", "2.0.1"),
        (.minor, "0.9.9+x", "0.10.0"),
    ])
    func nextVersion(_ policy: SourceUpdatePolicy, _ from: String, _ to: String) throws {
        let version = try #require(SemanticVersion(from))
        #expect(policy.next(after: version)?.description == to)
        #expect(SourceUpdatePolicy.none.next(after: version) == nil)
    }
}
