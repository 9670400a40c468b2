import Foundation
import Testing

@testable import Controller

/// The update branch of an image in its status: from the cycle's records, through the YAML, into status/README.md
/// and the status page.
@Suite struct StatusUpdateBranchTests {
    static let tip = "0123456789abcdef0123456789abcdef01234567"

    static func record(_ outcome: UpdateBranchRecord.Outcome, detail: String? = nil, to: String? = "1.0.1")
        -> UpdateBranchRecord
    {
        UpdateBranchRecord(
            branch: "kiln/update/web", image: "web", outcome: outcome, from: to == nil ? nil : "1.0.0", to: to,
            source: to == nil ? nil : "ami-1 → ami-2", commit: tip, detail: detail)
    }

    static func documents(_ update: StatusUpdateBranch? = nil) -> [String: StatusDocument] {
        var web = StatusDocument(image: "web", state: "Ready")
        web.desiredVersion = "1.0.0"
        web.updateBranch = update
        return ["web": web, "api": StatusDocument(image: "api", state: "Ready")]
    }

    @Test func recordsBecomeEntriesAndADeletedBranchLeavesTheStatus() throws {
        var documents = StatusUpdateBranch.apply([Self.record(.pushed)], to: Self.documents())
        let pending = try #require(documents["web"]?.updateBranch)
        #expect(
            pending
                == StatusUpdateBranch(
                    branch: "kiln/update/web", state: "pending", currentVersion: "1.0.0", proposedVersion: "1.0.1",
                    sourceChange: "ami-1 → ami-2", commit: Self.tip))
        #expect(documents["api"]?.updateBranch == nil)

        // A later cycle that could only keep the branch knows less; what was known at that commit stays.
        documents = StatusUpdateBranch.apply(
            [Self.record(.pending, detail: "us-east-1 was not observed", to: nil)], to: documents)
        #expect(documents["web"]?.updateBranch == pending, "a pending branch's entry does not flap")

        documents = StatusUpdateBranch.apply(
            [Self.record(.left, detail: "has commits not made by Kiln", to: nil)], to: documents)
        #expect(documents["web"]?.updateBranch?.state == "left")
        #expect(documents["web"]?.updateBranch?.reason == "has commits not made by Kiln")

        documents = StatusUpdateBranch.apply([Self.record(.deleted, to: nil)], to: documents)
        #expect(documents["web"]?.updateBranch == nil)
        let failed = StatusUpdateBranch.apply([Self.record(.failed, detail: "push refused: closed")], to: documents)
        #expect(
            failed["web"]?.updateBranch?.state == "failed"
                && failed["web"]?.updateBranch?.reason == "push refused: closed")
        #expect(StatusUpdateBranch.apply([], to: failed)["web"]?.updateBranch == nil, "no record: no branch")
        let unlisted = UpdateBranchRecord(branch: "kiln/update/*", image: "*", outcome: .failed, detail: "offline")
        #expect(StatusUpdateBranch.apply([unlisted], to: failed) == failed, "unknown when the branches were not listed")
    }

    @Test func theEntryReadsBackAndShowsInTheReadmeAndOnThePage() throws {
        let update = StatusUpdateBranch(
            branch: "kiln/update/web", state: "left", currentVersion: "1.0.0", proposedVersion: "1.0.1",
            sourceChange: "ami-1 → ami-2", commit: Self.tip, reason: "has commits <not> made by Kiln")
        let documents = Self.documents(update)
        let web = try #require(documents["web"])
        let read = try #require(StatusDocument.read(try web.yaml()))
        #expect(read.updateBranch == update)
        #expect(String(decoding: try web.yaml(), as: UTF8.self).contains("updateBranch:"))

        let readme = StatusReadme.render(Array(documents.values))
        #expect(readme.contains("## Update branches"))
        #expect(
            readme.contains(
                "| web | `kiln/update/web` | left: has commits <not> made by Kiln | 1.0.0 → 1.0.1 | ami-1 → ami-2 | "
                    + "`0123456789ab` |"), "\(readme)")
        #expect(!StatusReadme.render([StatusDocument(image: "api", state: "Ready")]).contains("Update branches"))

        let image = StatusPageImage(
            name: "web", description: nil, manifest: nil, base: nil, depth: 0, status: web, amis: [], bake: nil,
            lastFailure: nil)
        let html = StatusPageHTML.image(
            StatusPageDetail(generatedAt: "2024-06-01T12:00:00Z", image: image, history: [], commitsRead: 0))
        #expect(html.contains("<h2 id=\"update\">Update branch</h2>"))
        #expect(html.contains("<code>kiln/update/web</code>") && html.contains("1.0.0 → 1.0.1"))
        #expect(html.contains("has commits &lt;not&gt; made by Kiln"))
    }
}
