import Foundation
import KilnTestSupport
import Testing

@Suite("kiln validate --repo")
struct ValidateRepositoryTests {
    @Test func readsManifestsAtARevisionWithoutCheckout() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let good = try work.commit(["manifests/web.yaml": Manifests.valid(), "README.md": "# images\n"])
        let bad = try work.commit([
            "manifests/web.yaml": Manifests.valid().replacingOccurrences(of: "1.0.0", with: "one"),
            "manifests/notes.txt": "not a manifest\n",
        ])
        let bare = try fixture.clone(work, as: "bare.git", bare: true)
        let here = URL(fileURLWithPath: fixture.directory)

        let atHead = try KilnProcess.run(["validate", "--repo", bare.path], in: here)
        #expect(atHead.status == 1)
        #expect(
            atHead.errorLines == [
                "manifests/web.yaml:6:12: error: 'spec.version': invalid version 'one' "
                    + "(expected a semantic version MAJOR.MINOR.PATCH, e.g. 1.4.2)"
            ])
        #expect(bad.count == 40)

        let atGood = try KilnProcess.run(["validate", "--repo", bare.fileURL, "--ref", good], in: here)
        #expect(atGood.status == 0)
        #expect(atGood.standardOutput.hasPrefix("1 manifest checked: 1 valid image"))
    }

    @Test func manifestDirectoryCanBeChosen() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(["images/base/web.yaml": Manifests.valid(), "manifests/broken.yaml": "x: ["])
        let result = try KilnProcess.run(
            ["validate", "--repo", work.path, "--path", "images", "--output", "json"],
            in: URL(fileURLWithPath: fixture.directory))
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        let json = try #require(object as? [String: Any])
        #expect(json["files"] as? [String] == ["images/base/web.yaml"])
    }

    @Test(arguments: [
        ["--repo", "missing-repo"], ["--repo", "work", "--ref", "no-such-branch"],
        ["--repo", "work", "--path", "no-such-dir"], ["--repo", "https://example.invalid/images.git"],
    ])
    func unreadableRepositoriesExit74(_ options: [String]) throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(["manifests/web.yaml": Manifests.valid()])
        let result = try KilnProcess.run(["validate"] + options, in: URL(fileURLWithPath: fixture.directory))
        #expect(result.status == 74)
        #expect(result.standardError.hasPrefix("kiln validate: error: "))
    }
}
