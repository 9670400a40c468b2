import Manifest

// MARK: - Where manifests come from

/// Reads the manifests (and status files) of one commit. Each call answers for the commit at that moment; a
/// source may keep what it loaded before (see `ManifestCache`) as long as git says it is unchanged.
public protocol ManifestSource: Sendable {
    /// The manifests and status files at the current tip (or the configured revision).
    func snapshot() async throws(SourceError) -> SourceSnapshot
}

/// The manifest files and status files of one commit.
public struct SourceSnapshot: Sendable, Equatable {
    /// The full commit id the files were read at.
    public var commit: String
    /// Every manifest file (`*.yaml`, `*.yml`) below the manifest path, paths from the repository root.
    public var manifests: [ManifestFile]
    /// Every file directly below the status path (`status/<image>.yaml`), paths from the repository root.
    public var statusFiles: [ManifestFile]
    /// The set loaded from `manifests`, when the source already has it (e.g. from a `ManifestCache`); the cycle
    /// loads `manifests` itself otherwise.
    public var manifestSet: ManifestSet?

    /// Creates a snapshot.
    public init(
        commit: String, manifests: [ManifestFile], statusFiles: [ManifestFile] = [], manifestSet: ManifestSet? = nil
    ) {
        self.commit = commit
        self.manifests = manifests
        self.statusFiles = statusFiles
        self.manifestSet = manifestSet
    }
}

// MARK: - Errors

/// The manifests could not be read.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable, Equatable {
        case unreadable = "source_unreadable"
        case fetchFailed = "source_fetch_failed"
        case manifestPathMissing = "manifest_path_missing"
        case unverified = "source_unverified"
    }

    private let code: Code
    private let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// The repository or revision could not be opened or read (a local path, a ref, an object).
    static func unreadable(_ detail: String) -> SourceError { SourceError(.unreadable, detail) }
    /// Fetching from the remote failed (network, authentication, missing branch).
    static func fetchFailed(_ detail: String) -> SourceError { SourceError(.fetchFailed, detail) }
    /// The commit has no manifest directory.
    static func manifestPathMissing(_ detail: String) -> SourceError { SourceError(.manifestPathMissing, detail) }
    /// The manifest commit's signature is missing, invalid or by a signer not allowed.
    static func unverified(_ detail: String) -> SourceError { SourceError(.unverified, detail) }

    /// A short, stable name for metric labels, e.g. `source_fetch_failed`.
    public var reason: String { code.rawValue }

    /// The cycle issue this error is reported as.
    var issueReason: CycleIssue.Reason {
        switch code {
        case .unreadable: .sourceUnreadable
        case .fetchFailed: .sourceFetchFailed
        case .manifestPathMissing: .manifestPathMissing
        case .unverified: .sourceUnverified
        }
    }

    /// Fetch failures may heal by themselves; a missing path or an unreadable revision needs a person.
    public var isTransient: Bool { code == .fetchFailed }

    /// What failed, without credentials.
    public var description: String { detail }
}
