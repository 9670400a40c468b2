import Foundation
import Git
import Logging

// MARK: - Status commits, pushed fast-forward only

/// Writes the status directory as a commit on top of the branch tip and pushes it fast-forward only.
///
/// On a refused push (someone pushed meanwhile) it fetches, puts the same files on the new tip and retries with
/// capped exponential backoff; it never forces, so nobody's commits are lost or rewritten. Nothing is committed
/// when the files equal the tip's.
public struct StatusPublisher: Sendable {
    /// How a write-back ended.
    public enum Outcome: Sendable, Equatable {
        /// The status directory already held these files.
        case unchanged
        /// A commit was pushed after `attempts` tries.
        case pushed(commit: String, attempts: Int)
    }

    let mirror: Mirror
    /// The branch status commits go to.
    public let branch: String
    /// The status directory.
    public let directory: String
    let authorName: String
    let authorEmail: String
    let maxAttempts: Int
    let backoffInitial: Duration
    let backoffMax: Duration
    let clock: any CycleClock
    let metrics: DaemonMetrics
    let logger: Logger
    /// Documents read and rendered by earlier write-backs.
    public let cache: StatusCache
    /// Signs status commits (`git.signingKeyFile`); nil leaves them unsigned.
    let signer: CommitSigner?

    /// Creates a publisher.
    public init(
        mirror: Mirror, branch: String, directory: String, authorName: String = "Kiln",
        authorEmail: String = "kiln@localhost", maxAttempts: Int = 10, backoffInitial: Duration = .milliseconds(500),
        backoffMax: Duration = .seconds(30), clock: any CycleClock = SystemCycleClock(),
        metrics: DaemonMetrics = .global, logger: Logger = Logger(label: "kiln.status"),
        cache: StatusCache = StatusCache(), signer: CommitSigner? = nil
    ) {
        self.mirror = mirror
        self.branch = branch
        self.directory = directory
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.maxAttempts = max(maxAttempts, 1)
        self.backoffInitial = backoffInitial
        self.backoffMax = backoffMax
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        self.cache = cache
        self.signer = signer
    }

    // MARK: - Reading

    /// Fetches the branch; nil when the remote has no such branch yet (a status branch before its first commit).
    public func fetchTip() async throws -> ObjectID? {
        do {
            return try await mirror.fetch(branch: branch)
        } catch let error as GitError where error.kind == .notFound {
            return nil
        }
    }

    /// The status documents at `commit`, by image (files that do not read as status documents are skipped).
    ///
    /// Parses only the files whose blob the last call did not see (see `cache`).
    public func documents(at commit: ObjectID?) -> [String: StatusDocument] {
        guard let commit, let entries = try? mirror.repository.files(at: commit, under: directory) else { return [:] }
        let repository = mirror.repository
        let blobs = entries.filter { !$0.path.contains("/") && $0.path.hasSuffix(".yaml") }.map(\.id)
        let read = cache.documents(blobs) { blob in
            (try? repository.blob(blob, maxBytes: StatusDocument.maxFileBytes)).flatMap(StatusDocument.read)
        }
        var documents: [String: StatusDocument] = [:]
        for document in read {
            documents[document.image] = document
        }
        return documents
    }

    // MARK: - Writing

    /// Commits `files` (replacing everything else below the directory) on the branch tip and pushes.
    ///
    /// - Parameters:
    ///   - message: The commit message.
    ///   - observedCommit: Written as the `Kiln-Observed-Commit` trailer.
    public func publish(_ files: [String: Data], message: String, observedCommit: String?) async throws -> Outcome {
        let trailers = observedCommit.map { [Trailer("Kiln-Observed-Commit", $0)] } ?? []
        var delay = backoffInitial
        for attempt in 1...maxAttempts {
            let tip = try await fetchTip()
            let now = clock.now()
            let signature = Signature(name: authorName, email: authorEmail, date: now)
            let written = try mirror.repository.commit(
                parent: tip, updating: files, removingOthersUnder: directory, author: signature,
                committer: signature, message: message, trailers: trailers, signedBy: signer)
            guard let commit = written else { return .unchanged }
            switch try await mirror.push(commit, to: branch) {
            case .pushed:
                return .pushed(commit: commit.hex, attempts: attempt)
            case .rejected(let reason):
                metrics.pushRetry()
                logger.notice(
                    "status push refused: the branch moved; retrying on the new tip",
                    metadata: ["attempt": "\(attempt)", "branch": "\(branch)", "reason": "\(reason)"])
                guard attempt < maxAttempts else { break }
                try await clock.sleep(for: delay)
                delay = min(delay * 2, backoffMax)
            }
        }
        throw StatusPublishError.gaveUp(branch: branch, attempts: maxAttempts)
    }
}

/// Status could not be pushed.
public struct StatusPublishError: Error, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case gaveUp = "status_push_gave_up"
    }

    private let code: Code
    public let description: String

    static func gaveUp(branch: String, attempts: Int) -> StatusPublishError {
        StatusPublishError(
            code: .gaveUp, description: "the status push to \(branch) was refused \(attempts) times in a row")
    }

    /// A short, stable name.
    public var reason: String { code.rawValue }
}
