import Foundation
import KilnTestSupport
import Testing

@testable import Git

@Suite struct ConcurrencyTests {
    @Test func oneRepositoryServesManyTasksAtOnce() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        let tip = try await mirror.fetch(branch: "main")
        let repository = mirror.repository
        let expected = try repository.files(at: tip)

        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    if index.isMultiple(of: 4) {
                        let id = try setup.statusCommit(mirror, on: tip, "kiln \(index)\n")
                        return try id.map { try repository.commit($0).parents == [tip] } ?? false
                    }
                    let files = try repository.files(at: tip)
                    let blobs = try files.map { try repository.blob($0.id) }
                    return files == expected && blobs.allSatisfy { !$0.isEmpty }
                }
            }
            group.addTask { try await mirror.fetch(branch: "main") == tip }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 17)
        #expect(results.allSatisfy { $0 })
        try setup.cli(mirror).git("fsck", "--strict", "--no-dangling")
    }

    @Test func aCancelledTaskDoesNotFetch() async throws {
        let setup = try RemoteSetup()
        let mirror = try Mirror(url: setup.origin.path, cacheDirectory: setup.cache)
        let outcome = await withTaskGroup(of: (any Error)?.self) { group in
            group.cancelAll()
            group.addTask {
                do {
                    _ = try await mirror.fetch(branch: "main")
                    return nil
                } catch {
                    return error
                }
            }
            return await group.next() ?? nil
        }
        #expect(outcome is CancellationError)
        #expect(try mirror.fetchedTip(of: "main") == nil)
    }
}
