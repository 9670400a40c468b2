import Foundation
import Git
import KilnTestSupport
import Planner
import Testing

@testable import Controller

/// Whose an update branch's tip is, decided on commits written into a repository made by the git CLI: Kiln's names
/// are not enough, the commit must hold exactly Kiln's edit of the image's manifest on its parent, under Kiln's
/// message.
@Suite struct UpdateBranchOwnershipTests {
    typealias Case = SourceUpdateTests

    static let otherFiles = "has commits not made by Kiln (it changes files other than the image's manifest)"
    static let otherEdit = "has commits not made by Kiln (its manifest differs from Kiln's edit)"
    static let otherMessage = "has commits not made by Kiln (its message differs from Kiln's)"

    /// A repository whose tracked tip holds `manifests/web.yaml` (`manifest`) and a README.
    struct World {
        let work: GitFixture.Repository
        let repository: Repository
        let parent: ObjectID
        let ownership: UpdateBranchOwnership
        let kiln = Signature(name: "Kiln", email: "kiln@localhost", date: Date(timeIntervalSince1970: 1_750_000_000))

        init(_ fixture: GitFixture, manifest: String, others: [String: String] = [:]) throws {
            work = try fixture.makeRepository("work")
            let files = ["manifests/web.yaml": manifest, "README.md": "Images\n"].merging(others) { $1 }
            let base = try work.commit(files, message: "Add")
            repository = try Repository(at: work.path)
            parent = try repository.resolve(base)
            ownership = UpdateBranchOwnership(
                repository: repository, authorName: "Kiln", authorEmail: "kiln@localhost", trackedTip: parent)
        }

        /// Why a commit of `files` on the tracked tip, under Kiln's names, is not Kiln's proposal of `update`.
        func reason(
            _ files: [String: String], _ update: SourceUpdate, message: String? = nil, trailers: [Trailer]? = nil
        ) throws -> String? {
            let commit = try #require(
                try repository.commit(
                    parent: parent, updating: files.mapValues { Data($0.utf8) }, author: kiln, committer: kiln,
                    message: message ?? UpdateCommit.message(update),
                    trailers: trailers ?? UpdateCommit.trailers(update)))
            return try ownership.foreignReason(commit, image: update.image)
        }
    }

    static func version(_ text: String) -> SemanticVersion {
        SemanticVersion(text) ?? SemanticVersion(major: 0, minor: 0, patch: 0)
    }

    static let patch = SourceUpdate(
        image: "web", from: Self.version("1.0.0"), to: Self.version("1.0.1"),
        cause: .ami(from: "ami-0aaa", to: "ami-0bbb"))

    @Test func kilnsExactEditIsKilnsAndEverythingElseUnderKilnsNamesIsNot() throws {
        let fixture = try GitFixture()
        let world = try World(fixture, manifest: Case.manifest(version: "1.0.0"))
        let edit = Case.manifest(version: "1.0.1")
        let bigger = edit.replacingOccurrences(of: "t3.micro", with: "t3.large")
        let minor = SourceUpdate(
            image: "web", from: Self.version("1.0.0"), to: Self.version("1.1.0"), cause: Self.patch.cause)
        let cases: [(String, [String: String], SourceUpdate, String?, [Trailer]?, String?)] = [
            ("Kiln's edit", ["manifests/web.yaml": edit], Self.patch, nil, nil, nil),
            (
                "and another file", ["manifests/web.yaml": edit, "README.md": "Mine\n"], Self.patch, nil, nil,
                Self.otherFiles
            ),
            (
                "and a new file", ["manifests/web.yaml": edit, "docs/a.md": "x\n"], Self.patch, nil, nil,
                Self.otherFiles
            ),
            ("another file only", ["README.md": "Mine\n"], Self.patch, nil, nil, Self.otherFiles),
            ("the edit under another name", ["manifests/web-2.yaml": edit], Self.patch, nil, nil, Self.otherFiles),
            ("the edit and another field", ["manifests/web.yaml": bigger], Self.patch, nil, nil, Self.otherEdit),
            (
                "a version the policy does not propose", ["manifests/web.yaml": Case.manifest(version: "1.1.0")], minor,
                nil, nil, Self.otherEdit
            ),
            (
                "no source trailer", ["manifests/web.yaml": edit], Self.patch, nil, [Trailer("Kiln-Image", "web")],
                Self.otherEdit
            ),
            (
                "a body of its own", ["manifests/web.yaml": edit], Self.patch,
                UpdateCommit.message(Self.patch) + "\n\nAlso bumped by hand.", nil, Self.otherMessage
            ),
            (
                "another summary", ["manifests/web.yaml": edit], Self.patch, "web: 1.0.0 → 1.0.1", nil,
                Self.otherMessage
            ),
        ]
        for (name, files, update, message, trailers, expected) in cases {
            #expect(try world.reason(files, update, message: message, trailers: trailers) == expected, "\(name)")
        }
    }

    @Test func kilnsEditOfAFileKilnDoesNotReadIsNotKilns() throws {
        let fixture = try GitFixture()
        let manifest = Case.manifest(version: "1.0.0")
        let world = try World(fixture, manifest: manifest, others: [".drafts/web.yaml": manifest])
        let edit = Case.manifest(version: "1.0.1")
        #expect(try world.reason([".drafts/web.yaml": edit], Self.patch) == Self.otherFiles)
        #expect(try world.reason(["manifests/web.yaml": edit], Self.patch) == nil)
    }

    @Test func theManifestMadeExecutableIsNotKilnsEdit() throws {
        let fixture = try GitFixture()
        let world = try World(fixture, manifest: Case.manifest(version: "1.0.0"))
        try world.work.write(["manifests/web.yaml": Case.manifest(version: "1.0.1")])
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: world.work.path + "/manifests/web.yaml")
        try world.work.git("add", "--all")
        let message = fixture.path("message.txt")
        let text = try Repository.composeMessage(
            UpdateCommit.message(Self.patch), trailers: UpdateCommit.trailers(Self.patch))
        try Data(text.utf8).write(to: URL(fileURLWithPath: message))
        let names = [
            "GIT_AUTHOR_NAME": "Kiln", "GIT_AUTHOR_EMAIL": "kiln@localhost", "GIT_COMMITTER_NAME": "Kiln",
            "GIT_COMMITTER_EMAIL": "kiln@localhost",
        ]
        try world.work.git(["commit", "-q", "-F", message], environment: names)
        let executable = try world.repository.resolve("HEAD")
        #expect(try world.repository.commit(executable).message == text)
        #expect(try world.ownership.foreignReason(executable, image: "web") == Self.otherEdit)
        // The same commit with the mode as Kiln writes it is Kiln's.
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o644], ofItemAtPath: world.work.path + "/manifests/web.yaml")
        try world.work.git("add", "--all")
        try world.work.git(["commit", "-q", "--amend", "-F", message], environment: names)
        #expect(try world.ownership.foreignReason(try world.repository.resolve("HEAD"), image: "web") == nil)
    }

    @Test func aBaseImagesProposalIsKilnsOnlyForItsOwnImage() throws {
        let fixture = try GitFixture()
        let manifest = { (version: String) in
            Case.manifest(version: version, autoUpdate: "{source: minor}", source: "image: base")
        }
        let world = try World(fixture, manifest: manifest("1.0.0"))
        let update = SourceUpdate(
            image: "web", from: Self.version("1.0.0"), to: Self.version("1.1.0"),
            cause: .image(base: "base", from: "2.0.0", to: Self.version("2.1.0")))
        #expect(try world.reason(["manifests/web.yaml": manifest("1.1.0")], update) == nil)
        var other = update
        other.image = "api"
        #expect(try world.reason(["manifests/web.yaml": manifest("1.1.0")], other) != nil, "not api's manifest")
    }
}
