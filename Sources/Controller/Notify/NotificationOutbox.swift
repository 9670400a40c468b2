import Foundation

// MARK: - What a notifier has not told yet, across a restart

/// A file in the daemon's cache directory that carries a notifier's undelivered events and its memory of
/// occurrences already sent from one run of the daemon to the next.
///
/// A graceful shutdown writes it (mode 0600, replaced atomically); the next start reads it, queues each event again
/// for the sink it was meant for, and removes it, so an event is neither lost by a restart nor told twice. Events
/// hold no secret (their text is redacted) and a webhook is named by a digest of its URL, never the URL. A crash
/// writes nothing: what was queued since the start is then lost, as before.
public struct NotificationOutbox: Sendable {
    /// One undelivered event and the sink it waits for.
    struct Pending: Codable, Equatable, Sendable {
        /// The sink's `identity`.
        var sink: String
        var event: NotificationEvent
    }

    /// The file's contents.
    struct Contents: Codable, Equatable, Sendable {
        var version = 1
        var pending: [Pending] = []
        /// Occurrence keys already sent, oldest first.
        var sent: [String] = []
    }

    /// The file's path.
    public let path: String

    /// The outbox at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The outbox of the daemon whose cache directory is `cacheDirectory`.
    public init(cacheDirectory: String) {
        self.path = URL(fileURLWithPath: cacheDirectory).appendingPathComponent("notifications.json").path
    }

    /// What the file holds, and removes it; nil when there is none.
    func take() throws -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let contents = try decoder.decode(Contents.self, from: data)
        guard contents.version == 1 else {
            throw NotificationError("\(path) has version \(contents.version), which this Kiln does not read")
        }
        return contents
    }

    /// Writes `contents`, replacing the file atomically; an empty outbox removes the file.
    func put(_ contents: Contents) throws {
        guard !contents.pending.isEmpty || !contents.sent.isEmpty else {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(contents)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".notifications.\(ProcessInfo.processInfo.processIdentifier)")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw NotificationError("cannot write \(temporary.path)")
        }
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw NotificationError("cannot replace \(path): \(reason)")
        }
    }
}
