import Git
import Manifest
import Synchronization

/// Parsed manifest sets kept between cycles, so that an unchanged commit costs a lookup, not a parse.
///
/// A sketch of the cache the controller could keep (see the README's "Performance" section). Levels, cheapest
/// first:
/// 1. the same commit as last time;
/// 2. the same root tree (a commit that changed nothing);
/// 3. the same manifest directory (`Repository.hasChanges` compares the subtree ids: a status-only commit);
/// 4. otherwise the manifests are read again, but blobs seen last time are not: bytes are kept per blob id.
///
/// Every level returns the set parsed from exactly the bytes at the commit, so the cycle stays level-triggered.
/// Parsing per blob (re-decoding only changed files) needs a per-file entry point in `Manifest`, which it does
/// not offer yet; level 4 therefore parses every file again.
final class ManifestCache: Sendable {
    /// Which level answered.
    enum Outcome: String, Sendable {
        case sameCommit, sameTree, unchangedManifests, reloaded
    }

    private struct Entry: Sendable {
        var commit: ObjectID
        var tree: ObjectID
        var set: ManifestSet
    }

    private struct State: Sendable {
        var last: Entry?
        var blobs: [ObjectID: [UInt8]] = [:]
        var blobsRead = 0
        var blobsReused = 0
    }

    /// The manifest directory inside the repository.
    let path: String
    private let state = Mutex(State())

    init(path: String = "manifests") {
        self.path = path
    }

    /// Blobs read from git and blobs reused from the cache, since the cache was made.
    var blobCounts: (read: Int, reused: Int) {
        state.withLock { ($0.blobsRead, $0.blobsReused) }
    }

    /// The manifest set at `commit`, and which level answered.
    func load(_ repository: Repository, commit: ObjectID) throws -> (ManifestSet, Outcome) {
        let last = state.withLock { $0.last }
        if let last, last.commit == commit { return (last.set, .sameCommit) }
        let tree = try repository.commit(commit).tree
        if let last, last.tree == tree {
            remember(Entry(commit: commit, tree: tree, set: last.set))
            return (last.set, .sameTree)
        }
        if let last, try !repository.hasChanges(at: path, from: last.commit, to: commit) {
            remember(Entry(commit: commit, tree: tree, set: last.set))
            return (last.set, .unchangedManifests)
        }
        let set = try reload(repository, commit: commit)
        remember(Entry(commit: commit, tree: tree, set: set))
        return (set, .reloaded)
    }

    private func reload(_ repository: Repository, commit: ObjectID) throws -> ManifestSet {
        let entries = try repository.files(at: commit, under: path).filter {
            $0.mode != .symbolicLink && ManifestFile.isManifestPath($0.path)
        }
        let known = state.withLock { $0.blobs }
        var blobs: [ObjectID: [UInt8]] = [:]
        var files: [ManifestFile] = []
        var read = 0
        for entry in entries {
            let bytes: [UInt8]
            if let cached = known[entry.id] {
                bytes = cached
            } else {
                bytes = Array(try repository.blob(entry.id))
                read += 1
            }
            blobs[entry.id] = bytes
            files.append(ManifestFile(path: "\(path)/\(entry.path)", contents: bytes))
        }
        let reused = entries.count - read
        state.withLock { state in
            state.blobs = blobs
            state.blobsRead += read
            state.blobsReused += reused
        }
        return ManifestLoader.load(files: files)
    }

    private func remember(_ entry: Entry) {
        state.withLock { $0.last = entry }
    }
}
