import Foundation

// MARK: - What the status page shows (also the JSON of `/api/status`)

/// Everything `GET /`, `GET /images/<name>` and `GET /api/status` show, read from the status documents in git,
/// the manifests of the commit acted on and the daemon's latest facts.
public struct StatusPageSnapshot: Sendable, Equatable, Codable {
    /// When the page was made (`2024-06-01T12:00:00Z`).
    public var generatedAt: String
    /// The status commit the documents were read at.
    public var statusCommit: String?
    public var daemon: StatusPageDaemon
    /// Every image, by name.
    public var images: [StatusPageImage]
}

/// The daemon's state between cycles.
public struct StatusPageDaemon: Sendable, Equatable, Codable {
    /// `active` (holds the lease) or `standby` (another controller does).
    public var role: String
    public var ready: Bool
    /// Why the daemon is not ready; empty when it is.
    public var unreadyReasons: [String]
    public var lastFetchAt: String?
    public var fetchError: String?
    public var lastCycleAt: String?
    /// `succeeded`, `partial` or `failed`.
    public var lastOutcome: String?
    public var lastSuccessAt: String?
    /// When the loop next wakes, unless a webhook wakes it earlier.
    public var nextCycleAt: String?
    /// The manifest commit last reconciled.
    public var observedCommit: String?
}

/// One image: its status document, and what the page adds to it.
public struct StatusPageImage: Sendable, Equatable, Codable {
    public var name: String
    /// `metadata.description`.
    public var description: String?
    /// `file:line` of the manifest.
    public var manifest: String?
    /// `spec.source.image`: the Kiln image this one is built on.
    public var base: String?
    /// Distance from an image built on no other Kiln image (0) in the layering graph.
    public var depth: Int
    /// The status document as Kiln last wrote it (nil before the first write-back).
    public var status: StatusDocument?
    /// Every AMI of every version, with when it first appeared in the status history.
    public var amis: [StatusPageAMI]
    /// The bake of the desired version, while one runs.
    public var bake: StatusPageBake?
    /// The last failed bake attempt of the desired version.
    public var lastFailure: StatusPageFailure?
}

/// One AMI and its age.
public struct StatusPageAMI: Sendable, Equatable, Codable {
    public var version: String
    public var region: String
    public var ami: String
    public var state: String
    /// The first status commit that listed this AMI (nil when older than the history read).
    public var firstSeen: String?
    /// Seconds since `firstSeen`.
    public var ageSeconds: Int?
    /// Whether this is the desired version's AMI.
    public var desired: Bool
}

/// A bake in progress.
public struct StatusPageBake: Sendable, Equatable, Codable {
    public var version: String
    /// The bake phase (`runningStep`, `waitingForImage`, …).
    public var phase: String
    /// What the bake is doing now (the Baking condition's message).
    public var step: String
    /// When the bake began (the Baking condition's time).
    public var since: String
    public var elapsedSeconds: Int?
    /// The attempt running: failed attempts recorded so far, plus one.
    public var attempt: Int
}

/// The last failed attempt.
public struct StatusPageFailure: Sendable, Equatable, Codable {
    public var version: String
    public var attempts: Int
    public var at: String
    public var error: String
    public var step: String?
    public var exitCode: Int?
    /// The end of the step's output, redacted.
    public var outputTail: String?
    /// `file:line` of the manifest that declares the step.
    public var manifest: String?
}

/// One change in an image's status history.
public struct StatusPageEvent: Sendable, Equatable, Codable {
    /// `desired`, `ready`, `rolledOut`, `failed`, `pruned`.
    public var kind: String
    public var version: String?
    /// The status commit that recorded it, and its time.
    public var commit: String
    public var at: String
    public var message: String
}

/// One image's page: the image and its history.
public struct StatusPageDetail: Sendable, Equatable, Codable {
    public var generatedAt: String
    public var image: StatusPageImage
    /// Oldest first.
    public var history: [StatusPageEvent]
    /// How many status commits were read for the history.
    public var commitsRead: Int
}
