import Git
import Manifest
import Synchronization

// MARK: - Manifests kept between cycles

/// The manifest set of recent commits, kept so that an unchanged commit costs a lookup, not a read and a parse.
///
/// Keyed the way git names contents: commit → root tree id → manifest-directory tree id → the set loaded from
/// that directory, and below it each file's decoded result per (path, blob id). A commit that changed nothing
/// under the manifest directory (a status-only commit) is answered from the directory id without reading a blob;
/// a commit that changed one manifest reads and decodes that file alone, then runs the rules across files again.
/// Every answer is the set of exactly the bytes at the commit, so the cycle stays level-triggered.
///
/// Safe to share between tasks; one cache serves one repository and manifest path (another one resets it).
public final class ManifestCache: Sendable {
    /// Which level of the cache answered.
    public enum Answer: String, Sendable, Equatable {
        /// A commit seen before.
        case commit
        /// A new commit with a root tree seen before.
        case tree
        /// A new root tree with the same manifest directory: no blob read.
        case directory
        /// The manifest directory changed: only new or changed files were read and decoded.
        case reloaded
    }

    /// The manifests of one commit.
    public struct Entry: Sendable {
        /// The commit asked for.
        public var commit: ObjectID
        /// Every manifest file below the manifest path, paths from the repository root, sorted.
        public var files: [ManifestFile]
        /// The loaded set of `files`.
        public var set: ManifestSet
        /// Which level answered.
        public var answer: Answer
    }

    /// Counts since the cache was made: what each lookup cost.
    public struct Statistics: Sendable, Equatable {
        /// Lookups answered at each level.
        public var answers: [Answer: Int] = [:]
        /// Blobs read from git.
        public var blobsRead = 0
        /// Files decoded (YAML parsed and validated on their own).
        public var filesDecoded = 0
        /// Files whose decoded result was reused by blob id.
        public var filesReused = 0

        /// No lookups yet.
        public init() {}
    }

    private struct Directory: Sendable {
        var id: ObjectID
        var files: [ManifestFile]
        var set: ManifestSet
    }

    private struct Decoded: Sendable {
        var blob: ObjectID
        var file: ManifestFile
        var result: DecodedManifest
    }

    private struct State: Sendable {
        var scope = ""
        var trees: [ObjectID: ObjectID] = [:]
        var directories: [ObjectID: ObjectID] = [:]
        var latest: Directory?
        var decoded: [String: Decoded] = [:]
        var statistics = Statistics()
    }

    /// How many commits and root trees are remembered (their ids only; the sets are not kept per commit).
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache that remembers the ids of up to `capacity` commits.
    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// What lookups cost so far.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    // MARK: - Lookup

    /// The manifests below `path` at `commit`: from the cache when git says they did not change, else read.
    ///
    /// Throws `manifestPathMissing` when the commit has no directory at `path`, `unreadable` when git fails.
    public func manifests(in repository: Repository, at commit: ObjectID, path: String) throws(SourceError) -> Entry {
        let scope = repository.path + "\u{0}" + path
        let (knownTree, knownDirectory, latest) = state.withLock { state in
            if state.scope != scope { state = State(scope: scope, statistics: state.statistics) }
            let tree = state.trees[commit]
            return (tree, tree.flatMap { state.directories[$0] }, state.latest)
        }
        if let knownDirectory, let latest, latest.id == knownDirectory {
            return answer(.commit, latest, commit: commit)
        }
        let tree: ObjectID
        if let knownTree {
            tree = knownTree
        } else {
            tree = try gitCall { () throws(GitError) in try repository.commit(commit).tree }
        }
        let treeDirectory = state.withLock { $0.directories[tree] }
        let directory: ObjectID
        if let treeDirectory {
            directory = treeDirectory
        } else {
            directory = try directoryID(repository, commit, path)
        }
        state.withLock { state in
            Self.remember(&state.trees, commit, tree, capacity: capacity)
            Self.remember(&state.directories, tree, directory, capacity: capacity)
        }
        if let latest, latest.id == directory {
            return answer(treeDirectory == nil ? .directory : .tree, latest, commit: commit)
        }
        let loaded = try reload(repository, commit: commit, path: path, directory: directory)
        return answer(.reloaded, loaded, commit: commit)
    }

    private func answer(_ answer: Answer, _ directory: Directory, commit: ObjectID) -> Entry {
        state.withLock { $0.statistics.answers[answer, default: 0] += 1 }
        return Entry(commit: commit, files: directory.files, set: directory.set, answer: answer)
    }

    private func directoryID(_ repository: Repository, _ commit: ObjectID, _ path: String) throws(SourceError)
        -> ObjectID
    {
        switch try gitCall({ () throws(GitError) in try repository.object(at: path, in: commit) }) {
        case .tree(let id):
            return id
        case .blob:
            throw SourceError.unreadable("'\(path)' is a file in commit \(commit.abbreviated(12)), not a directory")
        case nil:
            throw SourceError.manifestPathMissing("commit \(commit.abbreviated(12)) has no directory '\(path)'")
        }
    }

    // MARK: - Reading what changed

    private func reload(
        _ repository: Repository, commit: ObjectID, path: String, directory: ObjectID
    ) throws(SourceError) -> Directory {
        let entries = try gitCall { () throws(GitError) in try repository.files(at: commit, under: path) }
            .filter { $0.mode != .symbolicLink && ManifestFile.isManifestPath($0.path) }
        let known = state.withLock { $0.decoded }
        let prefix = Self.prefix(path)
        var decoded: [String: Decoded] = [:]
        var unread: [(blob: ObjectID, file: ManifestFile)] = []
        for entry in entries {
            let fullPath = prefix + entry.path
            if let cached = known[fullPath], cached.blob == entry.id {
                decoded[fullPath] = cached
                continue
            }
            let bytes = try gitCall { () throws(GitError) in
                try repository.blob(entry.id, maxBytes: ManifestLoader.maxManifestBytes)
            }
            unread.append((entry.id, ManifestFile(path: fullPath, limitedBytes: bytes)))
        }
        let read = unread.count
        for (new, result) in zip(unread, ManifestLoader.decode(files: unread.map(\.file))) {
            decoded[new.file.path] = Decoded(blob: new.blob, file: new.file, result: result)
        }
        let ordered = decoded.values.sorted { $0.file.path < $1.file.path }
        let loaded = Directory(
            id: directory, files: ordered.map(\.file), set: ManifestLoader.load(decoded: ordered.map(\.result)))
        state.withLock { state in
            state.decoded = decoded
            state.latest = loaded
            state.statistics.blobsRead += read
            state.statistics.filesDecoded += read
            state.statistics.filesReused += entries.count - read
        }
        return loaded
    }

    // MARK: - Helpers

    /// `path` as a prefix of repository paths: `manifests/`, or `""` for the root.
    static func prefix(_ path: String) -> String {
        let trimmed = path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        return trimmed.isEmpty ? "" : trimmed + "/"
    }

    /// Adds `key → value`, forgetting everything once `capacity` ids are held (ids are cheap to look up again).
    private static func remember(
        _ map: inout [ObjectID: ObjectID], _ key: ObjectID, _ value: ObjectID, capacity: Int
    ) {
        if map[key] == nil, map.count >= capacity { map.removeAll(keepingCapacity: true) }
        map[key] = value
    }

    private func gitCall<T>(_ body: () throws(GitError) -> T) throws(SourceError) -> T {
        do {
            return try body()
        } catch {
            throw SourceError.unreadable("\(error)")
        }
    }
}
