import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// The paths two commits' trees differ at, from repositories made by the git CLI: contents, modes, kinds, additions
/// and removals, deep and shallow, and the limit.
@Suite struct TreeChangeTests {
    @Test func everyKindOfDifferenceIsOnePathAndTheLimitStopsEarly() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let base = try work.commit(
            [
                "manifests/web.yaml": "version: 1.0.0\n", "manifests/api.yaml": "version: 2.0.0\n",
                "deep/a/b/c.txt": "c\n", "tool.sh": "echo\n", "gone/x.txt": "x\n", "flip": "file\n",
            ], message: "Base")
        let repository = try Repository(at: work.path)
        let old = try repository.resolve(base)

        let one = try repository.resolve(try work.commit(["manifests/web.yaml": "version: 1.0.1\n"], message: "One"))
        let changes = try repository.changes(from: old, to: one, limit: 5)
        #expect(changes.map(\.path) == ["manifests/web.yaml"])
        let file = try #require(changes.first?.file)
        #expect(file.mode == .regular && file.path == "manifests/web.yaml")
        #expect(try repository.blob(file.id) == Data("version: 1.0.1\n".utf8))
        #expect(try repository.changes(from: one, to: one, limit: 5).isEmpty)

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.path + "/tool.sh")
        try work.git("rm", "-q", "-r", "gone", "flip")
        try work.write(["flip/inside.txt": "now a directory\n", "deep/a/b/d.txt": "d\n", "new.txt": "n\n"])
        let many = try repository.resolve(try work.commit([:], message: "Many"))
        let all = try repository.changes(from: one, to: many, limit: 10)
        #expect(all.map(\.path) == ["deep/a/b/d.txt", "flip", "gone", "new.txt", "tool.sh"])
        #expect(all.first { $0.path == "tool.sh" }?.file?.mode == .executable)
        #expect(all.first { $0.path == "gone" }?.file == nil, "a removed directory")
        #expect(all.first { $0.path == "flip" }?.file == nil, "a file that became a directory")
        #expect(try repository.changes(from: one, to: many, limit: 2).map(\.path) == ["deep/a/b/d.txt", "flip"])
        #expect(try repository.changes(from: many, to: one, limit: 10).map(\.path) == all.map(\.path))
    }
}
