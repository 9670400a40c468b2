import Foundation
import Git
import Synchronization

// MARK: - Status files through their commits

/// The versions of each status file in the last commits of the status branch, read through libgit2.
///
/// Walks first parents from the tip, at most `limit` commits; a commit whose status directory equals its
/// parent's costs a tree lookup. Documents are decoded once per blob id and kept for the last tip walked.
public final class StatusHistory: Sendable {
    /// One version of one status file.
    public struct Revision: Sendable, Equatable {
        /// The commit that wrote this version.
        public var commit: ObjectID
        public var date: Date
        public var document: StatusDocument
    }

    /// What one walk found.
    public struct Walk: Sendable {
        /// Per image, the versions of its status file, oldest first.
        public var revisions: [String: [Revision]]
        /// Commits read.
        public var commitsRead: Int
        /// The oldest commit's time (the history shown starts there).
        public var oldest: Date?
    }

    /// A status directory first written by `commit`.
    private struct Change {
        var commit: ObjectID
        var date: Date
        var blobs: [String: ObjectID]
    }

    private struct State: Sendable {
        var tip: ObjectID?
        var walk: Walk?
        var documents: [ObjectID: StatusDocument] = [:]
    }

    let repository: Repository
    let directory: String
    /// At most this many commits are read.
    public let limit: Int
    private let state = Mutex(State())

    /// A history of `directory` in `repository`, bounded to `limit` commits.
    public init(repository: Repository, directory: String, limit: Int = 200) {
        self.repository = repository
        self.directory = directory.split(separator: "/").joined(separator: "/")
        self.limit = max(1, limit)
    }

    /// The status files' versions below `tip` (the last walk's answer while the tip is unchanged).
    public func walk(from tip: ObjectID) -> Walk {
        if let known = state.withLock({ $0.tip == tip ? $0.walk : nil }) { return known }
        var changes: [Change] = []
        var current: ObjectID? = tip
        var read = 0
        var oldest: Date?
        var newer: Repository.PathObject?
        while let id = current, read < limit, let commit = try? repository.commit(id) {
            let object = try? repository.object(at: directory, in: id)
            if read > 0, object != nil, object == newer, let last = changes.indices.last {
                // The same directory as the newer commit: its files were written here or earlier.
                changes[last].commit = id
                changes[last].date = commit.committer.date
            } else if case .tree = object {
                changes.append(Change(commit: id, date: commit.committer.date, blobs: blobs(at: id)))
            }
            read += 1
            oldest = commit.committer.date
            newer = object
            current = commit.parents.first
        }
        let walk = Walk(revisions: revisions(Array(changes.reversed())), commitsRead: read, oldest: oldest)
        state.withLock { state in
            state.tip = tip
            state.walk = walk
        }
        return walk
    }

    /// The `<image>.yaml` blobs of the status directory at `commit`, by image file name.
    private func blobs(at commit: ObjectID) -> [String: ObjectID] {
        guard let entries = try? repository.files(at: commit, under: directory) else { return [:] }
        var blobs: [String: ObjectID] = [:]
        for entry in entries where !entry.path.contains("/") && entry.path.hasSuffix(".yaml") {
            blobs[entry.path] = entry.id
        }
        return blobs
    }

    /// Per image, each new blob of its file in commit order (oldest first).
    private func revisions(_ changes: [Change]) -> [String: [Revision]] {
        var known = state.withLock { $0.documents }
        var used: [ObjectID: StatusDocument] = [:]
        var last: [String: ObjectID] = [:]
        var revisions: [String: [Revision]] = [:]
        for change in changes {
            for (file, blob) in change.blobs.sorted(by: { $0.key < $1.key }) where last[file] != blob {
                last[file] = blob
                let document =
                    known[blob]
                    ?? (try? repository.blob(blob, maxBytes: StatusDocument.maxFileBytes)).flatMap(StatusDocument.read)
                guard let document else { continue }
                known[blob] = document
                used[blob] = document
                revisions[document.image, default: []].append(
                    Revision(commit: change.commit, date: change.date, document: document))
            }
        }
        state.withLock { $0.documents = used }
        return revisions
    }
}
