import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct RepositoryWriteTests {
    static let kiln = Signature(
        name: "Kiln", email: "kiln@example.com", date: Date(timeIntervalSince1970: 1_750_000_000),
        timeZoneOffsetMinutes: 120)
    static let operator_ = Signature(
        name: "Ops Person", email: "ops@example.com", date: Date(timeIntervalSince1970: 1_750_000_100))

    private func seeded() throws -> (GitFixture, GitFixture.Repository, Repository, ObjectID) {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(
            [
                "manifests/web.yaml": "name: web\n", "status/web.yaml": "old\n", "status/gone.yaml": "bye\n",
                "status/nested/deep.yaml": "deep\n",
            ],
            message: "Seed")
        let repository = try Repository(at: work.path)
        return (fixture, work, repository, try repository.resolve("main"))
    }

    @Test func writesAStatusCommitThatGitAccepts() throws {
        let (_, work, repository, tip) = try seeded()
        let observed = try repository.resolve("main")
        let id = try #require(
            try repository.commit(
                parent: tip,
                updating: ["status/web.yaml": Data("ready: true\n".utf8), "status/README.md": Data("# Status\n".utf8)],
                removingOthersUnder: "status",
                author: Self.kiln, committer: Self.operator_,
                message: "Update status of web\n\nweb is ready.\n\n",
                trailers: [Trailer("Kiln-Observed-Commit", observed.hex)],
                updatingBranch: "main"
            ))

        try work.git("fsck", "--strict", "--no-dangling")
        #expect(try work.revParse("main") == id.hex)
        #expect(
            try work.git("log", "-1", "--format=%an <%ae> %ad", "--date=raw", id.hex)
                == "Kiln <kiln@example.com> 1750000000 +0200")
        #expect(
            try work.git("log", "-1", "--format=%cn <%ce> %cd", "--date=raw", id.hex)
                == "Ops Person <ops@example.com> 1750000100 +0000")
        #expect(try work.git("log", "-1", "--format=%s", id.hex) == "Update status of web")
        #expect(
            try work.git("log", "-1", "--format=%B", id.hex)
                == "Update status of web\n\nweb is ready.\n\nKiln-Observed-Commit: \(observed.hex)")
        #expect(
            try work.git("log", "-1", "--format=%(trailers:key=Kiln-Observed-Commit,valueonly)", id.hex)
                == observed.hex)
        #expect(try work.git("show", "\(id.hex):status/web.yaml") == "ready: true")
        #expect(try work.git("show", "\(id.hex):manifests/web.yaml") == "name: web")
        #expect(
            try work.git("ls-tree", "-r", "--name-only", id.hex).split(separator: "\n")
                == ["manifests/web.yaml", "status/README.md", "status/web.yaml"])
        #expect(
            try work.git("diff", "--name-status", tip.hex, id.hex).split(separator: "\n").sorted()
                == ["A\tstatus/README.md", "D\tstatus/gone.yaml", "D\tstatus/nested/deep.yaml", "M\tstatus/web.yaml"])
    }

    @Test func sameContentWritesNoCommit() throws {
        let (_, work, repository, tip) = try seeded()
        let files = [
            "status/web.yaml": Data("old\n".utf8), "status/gone.yaml": Data("bye\n".utf8),
            "status/nested/deep.yaml": Data("deep\n".utf8),
        ]
        for pruning in [nil, "status"] {
            let result = try repository.commit(
                parent: tip, updating: files, removingOthersUnder: pruning, author: Self.kiln,
                committer: Self.kiln, message: "Nothing", updatingBranch: "main")
            #expect(result == nil)
        }
        #expect(
            try repository.commit(
                parent: tip, updating: [:], author: Self.kiln, committer: Self.kiln,
                message: "Nothing") == nil)
        #expect(try work.revParse("main") == tip.hex)
    }

    @Test func removingEverythingUnderADirectoryRemovesTheDirectory() throws {
        let (_, work, repository, tip) = try seeded()
        let id = try #require(
            try repository.commit(
                parent: tip, updating: [:], removingOthersUnder: "status", author: Self.kiln,
                committer: Self.kiln, message: "Clear status"))
        try work.git("fsck", "--strict", "--no-dangling")
        #expect(try work.git("ls-tree", "-r", "-t", "--name-only", id.hex) == "manifests\nmanifests/web.yaml")
    }

    @Test func writesWithoutUpdatingAnyBranchUnlessAsked() throws {
        let (_, work, repository, tip) = try seeded()
        let id = try #require(
            try repository.commit(
                parent: tip, updating: ["status/web.yaml": Data("new\n".utf8)],
                author: Self.kiln, committer: Self.kiln, message: "Detached"))
        #expect(try work.revParse("main") == tip.hex)
        #expect(try repository.commit(id).parents == [tip])
        #expect(try work.git("cat-file", "-t", id.hex) == "commit")
    }

    @Test func refusesToMoveABranchThatMoved() throws {
        let (_, work, repository, tip) = try seeded()
        let moved = try work.commit(["other.txt": "x\n"], message: "Someone else")
        let error = try #require(throws: GitError.self) {
            try repository.commit(
                parent: tip, updating: ["status/web.yaml": Data("new\n".utf8)],
                author: Self.kiln, committer: Self.kiln, message: "Late", updatingBranch: "main")
        }
        #expect(error.kind == .conflict)
        #expect(try work.revParse("main") == moved)
    }

    @Test func writesAFirstCommitIntoAnEmptyBareRepository() throws {
        let fixture = try GitFixture()
        let bare = try fixture.makeBareRepository("empty.git")
        let repository = try Repository(at: bare.path)
        let id = try #require(
            try repository.commit(
                parent: nil, updating: ["status/README.md": Data("# Status\n".utf8)],
                author: Self.kiln, committer: Self.kiln, message: "Start", updatingBranch: "main"))
        try bare.git("fsck", "--strict", "--no-dangling")
        #expect(try bare.git("log", "--format=%H %s", "main") == "\(id.hex) Start")
        #expect(try bare.git("show", "main:status/README.md") == "# Status")
    }

    @Test(arguments: ["../escape.yaml", "status/../x", ".git/config", "status/.GIT/x", "", "a//b"])
    func rejectsUnsafePaths(path: String) throws {
        let (_, work, repository, tip) = try seeded()
        let error = try #require(throws: GitError.self) {
            try repository.commit(
                parent: tip, updating: [path: Data("x".utf8)], author: Self.kiln,
                committer: Self.kiln, message: "Bad", updatingBranch: "main")
        }
        #expect(error.kind == .invalidArgument)
        #expect(try work.revParse("main") == tip.hex)
    }

    @Test func rejectsEmptyMessagesAndMalformedTrailers() throws {
        let cases: [(String, [Trailer])] = [
            ("  \n", []), ("ok", [Trailer("Has Space", "v")]), ("ok", [Trailer("Key", "two\nlines")]),
            ("ok", [Trailer("", "v")]),
        ]
        for (message, trailers) in cases {
            #expect(throws: GitError.self) { try Repository.composeMessage(message, trailers: trailers) }
        }
        #expect(try Repository.composeMessage("Subject  \n", trailers: []) == "Subject\n")
    }
}
