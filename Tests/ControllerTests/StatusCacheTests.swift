import Controller
import Foundation
import Git
import KilnTestSupport
import Testing

/// The status cache: a write-back parses and renders only the documents that changed, with the same bytes.
struct StatusCacheTests {
    static func documents() -> [String: StatusDocument] {
        let images = (0..<5).map { "img-\($0)" }
        return Dictionary(uniqueKeysWithValues: images.map { ($0, StatusDocument(image: $0, state: "Ready")) })
    }

    @Test func writeBackParsesAndRendersOnlyChangedDocuments() async throws {
        let fixture = try GitFixture()
        let remote = try fixture.makeBareRepository("status.git")
        let mirror = try Mirror(url: remote.fileURL, cacheDirectory: fixture.path("cache"))
        let publisher = StatusPublisher(mirror: mirror, branch: "main", directory: "status")
        var documents = Self.documents()

        let first = try StatusFiles(documents: documents, directory: "status", cache: publisher.cache)
        #expect(first == (try StatusFiles(documents: documents, directory: "status")), "same bytes as uncached")
        _ = try await publisher.publish(first.files, message: "status: first", observedCommit: nil)
        #expect(publisher.documents(at: try await publisher.fetchTip()) == documents)
        #expect(publisher.cache.statistics.documentsRendered == 5)
        #expect(publisher.cache.statistics.documentsParsed == 5)

        documents["img-2"]?.state = "Baking"
        let second = try StatusFiles(documents: documents, directory: "status", cache: publisher.cache)
        #expect(second == (try StatusFiles(documents: documents, directory: "status")), "not stale")
        guard case .pushed = try await publisher.publish(second.files, message: "status: img-2", observedCommit: nil)
        else {
            Issue.record("the changed document was not committed")
            return
        }
        let read = publisher.documents(at: try await publisher.fetchTip())
        #expect(read == documents)
        #expect(read["img-2"]?.state == "Baking")
        #expect(publisher.cache.statistics.documentsRendered == 6, "only img-2 rendered again")
        #expect(publisher.cache.statistics.documentsParsed == 6, "only img-2's new blob parsed")
    }

    @Test func removedImagesAreForgottenAndRenderedAgainWhenBack() throws {
        let cache = StatusCache()
        var documents = Self.documents()
        _ = try StatusFiles(documents: documents, directory: "status", cache: cache)
        let removed = documents.removeValue(forKey: "img-0")
        _ = try StatusFiles(documents: documents, directory: "status", cache: cache)
        #expect(cache.statistics.documentsRendered == 5)
        documents["img-0"] = removed
        let back = try StatusFiles(documents: documents, directory: "status", cache: cache)
        #expect(cache.statistics.documentsRendered == 6)
        #expect(back.files["status/img-0.yaml"] == (try removed?.yaml()))
    }
}
