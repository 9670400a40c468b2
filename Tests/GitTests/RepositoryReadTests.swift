import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// A small repository made with the git CLI: two commits on `main`, a side branch and two tags.
struct ReadFixture {
    let fixture: GitFixture
    let work: GitFixture.Repository
    let first: String
    let second: String

    init() throws {
        fixture = try GitFixture()
        work = try fixture.makeRepository("work")
        first = try work.commit(
            [
                "manifests/web.yaml": "name: web\n",
                "manifests/team/api.yaml": "name: api\n",
                "README.md": "# images\n",
            ],
            message: "Add manifests"
        )
        try work.git("update-index", "--chmod=+x", "README.md")
        second = try work.commit(["status/web.yaml": "ready: true\n"], message: "Add status")
        try work.branch("side", at: first)
        try work.tag("v1", at: first)
        try work.tag("v2", at: second, message: "Release 2")
    }
}

@Suite struct RepositoryReadTests {
    @Test func resolvesBranchesTagsRefsAndIds() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let cases: [(String, String)] = [
            ("main", setup.second), ("side", setup.first), ("refs/heads/main", setup.second),
            ("v1", setup.first), ("v2", setup.second), ("refs/tags/v2", setup.second),
            (setup.first, setup.first), (String(setup.first.prefix(8)), setup.first), ("HEAD", setup.second),
        ]
        for (revision, expected) in cases {
            #expect(try repository.resolve(revision).hex == expected, "\(revision)")
        }
        #expect(try repository.reference("refs/tags/v2")?.hex == setup.second)
        #expect(try repository.reference("refs/heads/missing") == nil)
    }

    @Test func unknownRevisionIsNotFound() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let error = try #require(throws: GitError.self) { try repository.resolve("no-such-branch") }
        #expect(error.kind == .notFound)
        #expect(error.operation.contains("no-such-branch"))
        #expect(!error.message.isEmpty)
    }

    @Test(arguments: ["", ".", "manifests", "manifests/", "./manifests", "manifests/team"])
    func listsFilesLikeLsTree(directory: String) throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let tip = try repository.resolve("main")
        let files = try repository.files(at: tip, under: directory)

        let prefix = directory.replacing(/^\.\/?/, with: "").replacing(/\/$/, with: "")
        let listing = try setup.work.git(["ls-tree", "-r", "--full-tree", "main"] + (prefix.isEmpty ? [] : [prefix]))
        let expected = listing.split(separator: "\n").map { line -> (String, String, String) in
            let fields = line.split(separator: "\t", maxSplits: 1)
            let meta = fields[0].split(separator: " ")
            let path = String(fields[1])
            let relative = prefix.isEmpty ? path : String(path.dropFirst(prefix.count + 1))
            return (relative, String(meta[2]), String(meta[0]))
        }
        #expect(files.map(\.path) == expected.map(\.0))
        #expect(files.map(\.id.hex) == expected.map(\.1))
        #expect(files.map(\.mode.octal) == expected.map(\.2))
    }

    @Test func listingMissingOrFileDirectoryFails() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let tip = try repository.resolve("main")
        #expect(try #require(throws: GitError.self) { try repository.files(at: tip, under: "nope") }.kind == .notFound)
        let file = try #require(throws: GitError.self) { try repository.files(at: tip, under: "README.md") }
        #expect(file.kind == .invalidArgument)
        let escape = try #require(throws: GitError.self) { try repository.files(at: tip, under: "../x") }
        #expect(escape.kind == .invalidArgument)
    }

    @Test func readsBlobsLikeCatFile() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        for file in try repository.files(at: repository.resolve("main")) {
            let expected = try setup.work.git("cat-file", "blob", file.id.hex)
            #expect(String(decoding: try repository.blob(file.id), as: UTF8.self) == expected + "\n")
        }
    }

    @Test func readsCommitDetails() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let commit = try repository.commit(#require(ObjectID(hex: setup.second)))
        #expect(commit.parents.map(\.hex) == [setup.first])
        #expect(commit.tree.hex == (try setup.work.git("rev-parse", "main^{tree}")))
        #expect(commit.author.name == "Kiln Test")
        #expect(commit.author.email == "test@kiln.invalid")
        #expect(commit.committer.date == Date(timeIntervalSince1970: 1_700_000_060))
        #expect(commit.summary == "Add status")
    }

    @Test func detectsPathChanges() throws {
        let setup = try ReadFixture()
        let repository = try Repository(at: setup.work.path)
        let (first, second) = (try repository.resolve(setup.first), try repository.resolve(setup.second))
        let table: [(String, Bool)] = [
            ("status", true), ("status/web.yaml", true), ("manifests", false), ("manifests/web.yaml", false),
            ("README.md", false), ("", true), ("absent", false),
        ]
        for (path, changed) in table {
            #expect(try repository.hasChanges(at: path, from: first, to: second) == changed, "\(path)")
            #expect(try repository.hasChanges(at: path, from: second, to: first) == changed, "\(path)")
            #expect(try repository.hasChanges(at: path, from: second, to: second) == false)
        }
    }

    @Test func opensBareRepositoriesAndRefusesNonRepositories() throws {
        let fixture = try GitFixture()
        let bare = try fixture.makeBareRepository("bare.git")
        #expect(try Repository(at: bare.path).isBare)
        let error = try #require(throws: GitError.self) { try Repository(at: fixture.path("nothing")) }
        #expect(error.kind == .notFound)
        let created = try Repository.createBare(at: fixture.path("new/deep.git"))
        #expect(created.isBare)
        #expect(try fixture.clone(GitFixture.Repository(path: created.path, isBare: true), as: "c").isBare == false)
    }
}
