import Controller
import Foundation
import Git
import KilnTestSupport

/// Status write-back as the daemon does it: fetch the tip, read the previous documents, render every file, commit
/// on the tip and push fast-forward to a bare remote over `file://`.
enum StatusBenchmarks {
    static let images = 1_000
    static let changed = 10

    static func run(_ context: BenchContext) async throws -> [BenchmarkResult] {
        let name = "status/\(images)/\(changed)-changed"
        guard context.includes(name) else { return [] }
        let fixture = try GitFixture()
        var documents = Dictionary(
            uniqueKeysWithValues: try (0..<images).map { ($0.name, try document($0, revision: 0)) })
        let initial = try StatusFiles(documents: documents, directory: "status")
        let work = try fixture.makeRepository("work")
        try work.commit(
            initial.files.mapValues { String(decoding: $0, as: UTF8.self) }.merging(["manifests/README.md": "x\n"]) {
                first, _ in first
            }, message: "Status")
        let remote = try fixture.clone(work, as: "remote.git", bare: true)
        let mirror = try Mirror(url: remote.fileURL, cacheDirectory: fixture.path("mirrors"))
        let publisher = StatusPublisher(mirror: mirror, branch: "main", directory: "status")
        _ = publisher.documents(at: try await publisher.fetchTip())
        _ = try StatusFiles(documents: documents, directory: "status", cache: publisher.cache)
        let before = publisher.cache.statistics

        var revision = 0
        var touched: [Int] = []
        var result = try await Measure.run(
            name, iterations: context.iterations(10, quick: 3), targetMilliseconds: 200,
            note: "StatusPublisher: fetch, read previous documents, render, commit, push (file://)"
        ) {
            revision += 1
            for index in 0..<changed {
                let image = index * (images / changed)
                documents[image.name] = try document(image, revision: revision)
            }
            let tip = try await publisher.fetchTip()
            let previous = publisher.documents(at: tip)
            let files = try StatusFiles(documents: documents, directory: "status", cache: publisher.cache)
            let message = files.commitMessage(since: previous)
            guard case .pushed = try await publisher.publish(files.files, message: message, observedCommit: nil) else {
                throw BenchError("\(name): nothing was committed")
            }
        }
        let output = try remote.git("diff", "--name-only", "main~1", "main")
        touched.append(output.split(separator: "\n").count)
        result.counters["files_in_last_commit"] = Double(touched.last ?? -1)
        result.counters["status_files"] = Double(initial.files.count)
        let after = publisher.cache.statistics
        let runs = Double(result.iterations + 1)
        result.counters["parsed_per_it"] = Double(after.documentsParsed - before.documentsParsed) / runs
        result.counters["rendered_per_it"] = Double(after.documentsRendered - before.documentsRendered) / runs
        guard touched.last == changed + 1 else {
            throw BenchError("\(name): the last commit touched \(touched.last ?? -1) files, not \(changed + 1)")
        }
        return [result]
    }

    /// A Ready image with two versions in two regions; `revision` changes its desired version.
    static func document(_ index: Int, revision: Int) throws -> StatusDocument {
        let desired = "1.\(index % 10).\(revision)"
        let versions: [[String: Any]] = [desired, "0.9.0"].enumerated().map { offset, version in
            [
                "version": version,
                "regions": ["us-east-1", "eu-west-1"].map { region in
                    [
                        "region": region, "ami": String(format: "ami-%017x", index * 64 + revision * 2 + offset),
                        "state": "available",
                    ]
                },
            ]
        }
        let fields: [String: Any] = [
            "apiVersion": "kiln/v1", "kind": "ImageStatus", "image": index.name, "state": "Ready",
            "observedCommit": String(repeating: "a", count: 40), "manifest": "manifests/\(index.name).yaml",
            "desiredVersion": desired, "recipe": String(repeating: "b", count: 64),
            "conditions": [
                [
                    "type": "Ready", "message": "every region has the desired version",
                    "since": "2026-11-01T00:00:00Z",
                ]
            ],
            "versions": versions, "rollout": [] as [Any], "kept": [] as [Any], "failures": [] as [Any],
        ]
        return try JSONDecoder().decode(StatusDocument.self, from: JSONSerialization.data(withJSONObject: fields))
    }
}

extension Int {
    /// The image name of index `self`.
    fileprivate var name: String { String(format: "svc-%05d", self) }
}
