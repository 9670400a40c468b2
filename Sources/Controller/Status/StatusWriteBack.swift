import Foundation
import Git
import Logging

// MARK: - Status written back: render, commit, push

/// How the status files of a cycle (or of a refused commit) were published.
public enum StatusPublication: Sendable, Equatable, Encodable {
    /// The status directory already held these files: no commit.
    case unchanged
    /// A commit was pushed after `attempts` tries.
    case pushed(commit: String, attempts: Int)
    /// Nothing was published, and why (the daemon backs off).
    case failed(String)
}

/// The status write-back of one cycle: the publisher, the manifest commit observed, and the `source:` block.
///
/// The one place status is written: the cycle's publish step calls `publish(_:)` with its report; the daemon calls
/// `publishRefusal(of:reason:)` for a commit it does not act on. Both render the documents, commit them on the
/// branch tip and push fast-forward only (see `StatusPublisher`), then count and log the outcome.
public struct StatusWriteBack: Sendable {
    /// Commits and pushes.
    public var publisher: StatusPublisher
    /// The manifest commit reconciled: `observedCommit` of every document and the `Kiln-Observed-Commit` trailer.
    public var observedCommit: String?
    /// The tip the status files were read from (nil: none could be read).
    public var statusCommit: String?
    /// The `source:` block of every document (nil when signed commits are not required and nothing is refused).
    public var source: StatusSource?

    /// Creates a write-back.
    public init(publisher: StatusPublisher, observedCommit: String?, statusCommit: String?, source: StatusSource?) {
        self.publisher = publisher
        self.observedCommit = observedCommit
        self.statusCommit = statusCommit
        self.source = source
    }

    /// Renders `report` over the documents at the branch tip and publishes them; nil when there is nothing to say
    /// (the cycle read no commit, made no plan, and no status files exist).
    public func publish(_ report: CycleReport) async -> StatusPublication? {
        guard report.commit != nil || report.plan != nil || statusCommit != nil else { return nil }
        do {
            let previous = publisher.documents(at: try await publisher.fetchTip())
            let renderer = StatusRenderer(observedCommit: observedCommit, now: report.finishedAt, previous: previous)
            let files = try files(renderer.documents(for: report))
            publisher.cache.remember(written: files.documents)
            return try await publish(files, message: files.commitMessage(since: previous))
        } catch {
            return failed(error)
        }
    }

    /// Writes a refused commit into the `source:` block of the documents Kiln last wrote; nil when there are none.
    public func publishRefusal(of commit: ObjectID, reason: String) async -> StatusPublication? {
        do {
            // A rewritten branch may have lost the status files: the documents last written are reported then.
            var previous = publisher.documents(at: try await publisher.fetchTip())
            if previous.isEmpty { previous = publisher.cache.written }
            guard !previous.isEmpty else { return nil }
            let message = "status: not acting on \(commit.abbreviated()) (\(reason))"
            return try await publish(try files(previous), message: message)
        } catch {
            return failed(error)
        }
    }

    // MARK: - Steps

    /// The files of `documents`, each with this write-back's `source:` block.
    func files(_ documents: [String: StatusDocument]) throws -> StatusFiles {
        let documents = documents.mapValues { document in
            var document = document
            document.source = source
            return document
        }
        return try StatusFiles(documents: documents, directory: publisher.directory, cache: publisher.cache)
    }

    /// Commits and pushes the files, counting and logging the outcome.
    func publish(_ files: StatusFiles, message: String) async throws -> StatusPublication {
        switch try await publisher.publish(files.files, message: message, observedCommit: observedCommit) {
        case .unchanged:
            publisher.metrics.statusWrite("unchanged")
            return .unchanged
        case .pushed(let sha, let attempts):
            publisher.metrics.statusWrite("pushed")
            publisher.logger.info(
                "status pushed",
                metadata: [
                    "commit": "\(sha)", "branch": "\(publisher.branch)", "attempts": "\(attempts)",
                    "message": "\(message.split(separator: "\n").first ?? "")",
                ])
            return .pushed(commit: sha, attempts: attempts)
        }
    }

    func failed(_ error: any Error) -> StatusPublication {
        publisher.metrics.statusWrite("failed")
        publisher.logger.error("cannot write status", metadata: ["branch": "\(publisher.branch)", "error": "\(error)"])
        return .failed("\(error)")
    }
}
