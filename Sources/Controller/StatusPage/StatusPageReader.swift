import Foundation
import Git
import Manifest

// MARK: - Reading what the page shows

/// Reads the page's data: the status documents at the status branch's last fetched tip, their history, the
/// manifests of the commit acted on, and the daemon's facts. Never touches the network: the daemon's loop fetches.
public final class StatusPageReader: Sendable {
    let mirror: Mirror
    /// The branch status commits go to, and the status and manifest directories.
    let statusBranch: String
    let statusPath: String
    let manifestsPath: String
    let health: DaemonHealth
    /// The status files' history, bounded.
    public let history: StatusHistory
    private let manifestCache = ManifestCache(capacity: 16)

    /// A reader over the daemon's mirror.
    public init(
        mirror: Mirror, statusBranch: String, statusPath: String, manifestsPath: String, health: DaemonHealth,
        historyLimit: Int = 200
    ) {
        self.mirror = mirror
        self.statusBranch = statusBranch
        self.statusPath = statusPath
        self.manifestsPath = manifestsPath
        self.health = health
        self.history = StatusHistory(repository: mirror.repository, directory: statusPath, limit: historyLimit)
    }

    /// The whole page at `now`.
    public func snapshot(now: Date) -> StatusPageSnapshot {
        let facts = health.snapshot
        let tip = try? mirror.fetchedTip(of: statusBranch)
        let walk = tip.map { history.walk(from: $0) }
        let documents = tip.map(readDocuments(at:)) ?? [:]
        let commit = facts.observedCommit ?? documents.values.compactMap(\.observedCommit).max()
        let manifests = readManifests(at: commit)
        let names = Set(documents.keys).union(manifests.keys).sorted()
        let depths = LayeringGraph.depths(
            names.map { ($0, manifests[$0]?.spec.source.baseImage ?? documents[$0]?.base) })
        let images = names.map { name in
            StatusPageBuilder.image(
                name: name, document: documents[name], manifest: manifests[name], depth: depths[name] ?? 0,
                revisions: walk?.revisions[name] ?? [], now: now)
        }
        return StatusPageSnapshot(
            generatedAt: StatusTime.text(now), statusCommit: tip?.hex,
            daemon: StatusPageBuilder.daemon(facts, health: health, now: now), images: images)
    }

    /// One image and its history; nil when the image is unknown.
    public func detail(_ name: String, now: Date) -> StatusPageDetail? {
        let page = snapshot(now: now)
        guard let image = page.images.first(where: { $0.name == name }) else { return nil }
        let tip = try? mirror.fetchedTip(of: statusBranch)
        let walk = tip.map { history.walk(from: $0) }
        return StatusPageDetail(
            generatedAt: page.generatedAt, image: image,
            history: StatusHistory.events(walk?.revisions[name] ?? []), commitsRead: walk?.commitsRead ?? 0)
    }

    // MARK: - Git

    /// The status documents at `commit`, by image.
    private func readDocuments(at commit: ObjectID) -> [String: StatusDocument] {
        let repository = mirror.repository
        guard let entries = try? repository.files(at: commit, under: statusPath) else { return [:] }
        var documents: [String: StatusDocument] = [:]
        for entry in entries where !entry.path.contains("/") && entry.path.hasSuffix(".yaml") {
            guard let bytes = try? repository.blob(entry.id, maxBytes: StatusDocument.maxFileBytes),
                let document = StatusDocument.read(bytes)
            else { continue }
            documents[document.image] = document
        }
        return documents
    }

    /// The valid manifests at `commit`, by image name.
    private func readManifests(at commit: String?) -> [String: ImageManifest] {
        guard let commit, let id = ObjectID(hex: commit),
            let entry = try? manifestCache.manifests(in: mirror.repository, at: id, path: manifestsPath)
        else { return [:] }
        return Dictionary(entry.set.images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
