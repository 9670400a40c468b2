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

        let atGood = try KilnProcess.run(["validate", "--repo", bare.path, "--ref", good], in: here)
        #expect(atGood.status == 0)
        #expect(atGood.standardOutput.hasPrefix("1 manifest checked: 1 valid image"))
    }

    @Test func fetchesURLBranchesIntoATemporaryMirror() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(["manifests/web.yaml": Manifests.valid()])
        try work.branch("release")
        try work.commit(["manifests/web.yaml": Manifests.valid().replacingOccurrences(of: "t3.small", with: "3")])
        let url = try fixture.clone(work, as: "origin.git", bare: true).fileURL
        let here = URL(fileURLWithPath: fixture.directory)

        let main = try KilnProcess.run(["validate", "--repo", url], in: here)
        #expect(main.status == 1)
        #expect(
            main.errorLines == [
                "manifests/web.yaml:11:19: error: 'spec.build.instanceType': expected a string, found an integer"
            ])
        let release = try KilnProcess.run(["validate", "--repo", url, "--ref", "release"], in: here)
        #expect(release.status == 0)
        let missing = try KilnProcess.run(["validate", "--repo", url, "--ref", "no-such-branch"], in: here)
        #expect(missing.status == 74)
        #expect(missing.standardError.contains("no branch 'no-such-branch'"))
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
        ["--repo", "work", "--path", "no-such-dir"], ["--repo", "git://127.0.0.1:1/nothing.git"],
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
