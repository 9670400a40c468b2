import Foundation
import KilnTestSupport
import Testing

@testable import Git

/// Blob sizes come from object headers, so a blob over a limit is refused before its content is read.
@Suite struct BlobSizeTests {
    @Test func sizeComesFromTheHeaderAndLargeBlobsAreNotRead() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let large = String(repeating: "x", count: 300_000)
        let commit = try work.commit(["small.yaml": "a: 1\n", "large.yaml": large], message: "Add files")
        // Packed objects too: the header of a delta-less packed entry gives the size.
        try work.git("gc", "-q")
        let repository = try Repository(at: work.path)
        let files = try repository.files(at: try repository.resolve(commit))
        let small = try #require(files.first { $0.path == "small.yaml" })
        let big = try #require(files.first { $0.path == "large.yaml" })
        #expect(try repository.blobSize(small.id) == 5)
        #expect(try repository.blobSize(big.id) == 300_000)
        #expect(try repository.blob(small.id, maxBytes: 5) == Data("a: 1\n".utf8))
        #expect(try repository.blob(big.id, maxBytes: 299_999) == nil)
        #expect(try repository.blob(big.id, maxBytes: 300_000)?.count == 300_000)
    }

    @Test func aTreeIsNotABlob() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        let commit = try work.commit(["dir/a.yaml": "a: 1\n"], message: "Add")
        let repository = try Repository(at: work.path)
        let tree = try repository.commit(try repository.resolve(commit)).tree
        #expect(throws: GitError.self) { try repository.blobSize(tree) }
    }
}
