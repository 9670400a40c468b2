import Foundation
import Git
import KilnTestSupport
import Testing

@testable import Controller

/// The status files' history, read through libgit2 from commits made by the git CLI.
@Suite struct StatusHistoryTests {
    static func status(_ version: String, state: String, ami: String, prunedVersion: String? = nil) throws -> String {
        var document = StatusDocument(image: "web", state: state)
        document.desiredVersion = version
        document.versions = [
            StatusVersion(
                version: version, recipe: nil,
                regions: [StatusRegionImage(region: "us-east-1", ami: ami, state: "available", deprecationTime: nil)])
        ]
        if let prunedVersion {
            document.lastPrune = StatusPrune(
                at: "2023-11-14T22:20:00Z", observedCommit: nil,
                pruned: [StatusPrunedVersion(version: prunedVersion, imageIds: ["ami-0old"], reason: "beyond keep 1")])
        }
        return String(decoding: try document.yaml(), as: UTF8.self)
    }

    @Test func eventsFollowTheStatusCommitsWithinTheLimit() throws {
        let fixture = try GitFixture()
        let work = try fixture.makeRepository("work")
        try work.commit(["manifests/web.yaml": "version: 1.0.0\n"], message: "web 1.0.0")
        try work.commit(["status/web.yaml": try Self.status("1.0.0", state: "Baking", ami: "ami-0a")])
        let ready = try work.commit(["status/web.yaml": try Self.status("1.0.0", state: "Ready", ami: "ami-0a")])
        try work.commit(["manifests/web.yaml": "version: 1.1.0\n"], message: "web 1.1.0")
        try work.commit(["status/web.yaml": try Self.status("1.1.0", state: "Ready", ami: "ami-0b")])
        try work.commit(
            ["status/web.yaml": try Self.status("1.1.0", state: "Ready", ami: "ami-0b", prunedVersion: "1.0.0")])
        let repository = try Repository(at: work.path)
        let tip = try repository.resolve("HEAD")

        let walk = StatusHistory(repository: repository, directory: "status", limit: 200).walk(from: tip)
        #expect(walk.commitsRead == 6)
        let events = StatusHistory.events(walk.revisions["web"] ?? [])
        #expect(
            events.map { "\($0.kind) \($0.version ?? "")" } == [
                "desired 1.0.0", "ready 1.0.0", "desired 1.1.0", "ready 1.1.0", "pruned 1.1.0",
            ])
        #expect(events[1].commit == ready, "a version is ready at the status commit that said so")
        #expect(events.last?.message == "pruned 1.0.0")
        #expect(StatusHistory.firstSeen(walk.revisions["web"] ?? []).keys.sorted() == ["ami-0a", "ami-0b"])

        let bounded = StatusHistory(repository: repository, directory: "status", limit: 2).walk(from: tip)
        #expect(bounded.commitsRead == 2)
        #expect(StatusHistory.events(bounded.revisions["web"] ?? []).map(\.kind) == ["desired", "ready", "pruned"])
    }
}
