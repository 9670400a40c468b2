import Foundation
import Planner

// MARK: - status/<image>.yaml

/// The contents of `status/<image>.yaml`: what Kiln last observed and did for one image.
///
/// Encoded with sorted keys and without any time that changes when nothing changed (each time is when something
/// began), so an unchanged world renders the same bytes and makes no commit. The engine reads `failures:` back.
public struct StatusDocument: Sendable, Equatable, Codable {
    public var apiVersion = "kiln/v1"
    public var kind = "ImageStatus"
    /// The image's name.
    public var image: String
    /// The last commit that changed the manifests (status-only commits never count).
    public var observedCommit: String?
    /// The manifest file.
    public var manifest: String?
    public var desiredVersion: String?
    public var recipe: String?
    /// `spec.source.image`: the Kiln image this one is built on.
    public var base: String?
    /// The headline: the most pressing condition (`Stalled`, `Failed`, `Baking`, … `Ready`).
    public var state: String
    /// Where the desired version's bake stands.
    public var phase: String?
    public var conditions: [StatusCondition] = []
    /// Every version with AMIs of this controller, newest first.
    public var versions: [StatusVersion] = []
    public var rollout: [StatusRolloutTarget] = []
    /// Versions kept, with every reason.
    public var kept: [StatusKeptVersion] = []
    /// The last cycle that deregistered AMIs of this image.
    public var lastPrune: StatusPrune?
    /// The last problem of this image; nil once a cycle had none.
    public var lastError: StatusError?
    /// Failed bake attempts per (version, recipe) of the desired version.
    public var failures: [StatusFailure] = []
    /// The verified manifest commit and its signer, and a newer commit Kiln refuses to act on (only when signed
    /// commits are required or a commit was refused).
    public var source: StatusSource?
    /// Running instances of this image per region and version, and the oldest version still running (nil: none
    /// running).
    public var fleet: [StatusFleet]?
    /// The image's update branch, while it exists (`StatusDocument+Updates.swift`).
    public var updateBranch: StatusUpdateBranch?
    /// Kiln's copies of the image in other accounts (`spec.distribute.copyTo`), by account, region and version
    /// (nil: none).
    public var accountCopies: [StatusAccountCopy]?
    /// Failed attempts of the desired version's actions in other accounts, per account (nil: none).
    public var accountFailures: [StatusAccountFailure]?

    /// Creates a document.
    public init(image: String, state: String) {
        self.image = image
        self.state = state
    }
}

/// Where the manifests come from: the commit acted on, who signed it, and what Kiln refuses.
public struct StatusSource: Sendable, Equatable, Codable {
    /// The manifest commit Kiln acts on.
    public var commit: String?
    /// Its signer: the allowed-signers principal or the OpenPGP user id.
    public var signer: String?
    /// The signing key's fingerprint.
    public var signingKey: String?
    /// A newer commit Kiln does nothing for, and why.
    public var refused: StatusRefusal?

    /// Creates a source block.
    public init(commit: String?, signer: String? = nil, signingKey: String? = nil, refused: StatusRefusal? = nil) {
        self.commit = commit
        self.signer = signer
        self.signingKey = signingKey
        self.refused = refused
    }
}

/// A commit Kiln refuses to act on.
public struct StatusRefusal: Sendable, Equatable, Codable {
    public var commit: String
    /// `unsigned`, `unknown_signer`, `bad_signature`, `verifier_failed` or `history_rewritten`.
    public var reason: String
    public var message: String
}

/// The running instances of an image in one region.
public struct StatusFleet: Sendable, Equatable, Codable {
    public var region: String
    /// Running instances of any version.
    public var instances: Int
    /// Newest first.
    public var versions: [StatusFleetVersion]
    /// The version whose AMI is the oldest still running, and when that AMI was created.
    public var oldestVersion: String?
    public var oldestVersionCreated: String?
}

/// Running instances of one version.
public struct StatusFleetVersion: Sendable, Equatable, Codable {
    public var version: String
    public var instances: Int
}

/// A condition and since when it holds.
public struct StatusCondition: Sendable, Equatable, Codable {
    public var type: String
    public var message: String
    /// When this condition type began to hold (kept while it holds, whatever its message).
    public var since: String
}

/// One version's AMIs.
public struct StatusVersion: Sendable, Equatable, Codable {
    public var version: String
    public var recipe: String?
    public var regions: [StatusRegionImage]
}

/// One AMI.
public struct StatusRegionImage: Sendable, Equatable, Codable {
    public var region: String
    public var ami: String
    public var state: String
    public var deprecationTime: String?
}

/// A rollout target and the version it points at.
public struct StatusRolloutTarget: Sendable, Equatable, Codable {
    public var kind: String
    public var name: String
    public var region: String
    public var currentVersion: String?
    public var currentImageId: String?
    public var desiredImageId: String?
    public var converged: Bool
    public var message: String
}

/// A version kept, and why.
public struct StatusKeptVersion: Sendable, Equatable, Codable {
    public var version: String
    public var reasons: [String]
}

/// A prune and why each deregistered version was safe to remove.
public struct StatusPrune: Sendable, Equatable, Codable {
    public var at: String
    public var observedCommit: String?
    public var pruned: [StatusPrunedVersion]
}

/// One pruned version.
public struct StatusPrunedVersion: Sendable, Equatable, Codable {
    public var version: String
    public var imageIds: [String]
    public var reason: String
}

/// The last problem.
public struct StatusError: Sendable, Equatable, Codable {
    /// Short and stable, e.g. `aws_throttled`.
    public var reason: String
    public var message: String
    /// When this message first appeared.
    public var since: String
}

/// Failed attempts of one bake: the shape `StatusFailures` reads back.
public struct StatusFailure: Sendable, Equatable, Codable {
    public var version: String
    public var recipe: String
    public var attempts: Int
    public var lastFailureAt: String
    public var lastError: String
    public var lastStep: String?
    public var lastExitCode: Int?
    public var lastOutputTail: String?
}

// MARK: - Time stamps

/// `2024-05-01T12:00:00Z`: whole seconds, UTC, the form status files use.
enum StatusTime {
    static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }

    static func date(_ text: String) -> Date? {
        for style in [Date.ISO8601FormatStyle(), Date.ISO8601FormatStyle(includingFractionalSeconds: true)] {
            if let date = try? style.parse(text) { return date }
        }
        return nil
    }
}

// MARK: - Reading failures back, leniently

extension StatusDocument {
    /// The part of a status document the engine reads back: its image, its failed bakes and its failed attempts in
    /// other accounts (other keys are not read, so a hand-edited condition never hides a failure). An entry that
    /// does not read is skipped, and so is a list that does not.
    struct FailureRecords: Decodable {
        var image: String?
        var failures: [StatusFailure]
        var accountFailures: [StatusAccountFailure]

        private enum CodingKeys: String, CodingKey {
            case image, failures, accountFailures
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            image = try container.decodeIfPresent(String.self, forKey: .image)
            failures = container.readableEntries(forKey: .failures)
            accountFailures = container.readableEntries(forKey: .accountFailures)
        }

        /// The failure records of a status file, or nil when it is not one (see `StatusDocument.read`).
        static func read(_ data: Data) -> FailureRecords? {
            StatusDocument.decode(FailureRecords.self, from: data)
        }
    }
}

extension StatusFailure {
    /// Reads a failure record; `lastError` defaults to `the bake failed`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(String.self, forKey: .version)
        recipe = try container.decode(String.self, forKey: .recipe)
        attempts = try container.decode(Int.self, forKey: .attempts)
        lastFailureAt = try container.decode(String.self, forKey: .lastFailureAt)
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError) ?? "the bake failed"
        lastStep = try container.decodeIfPresent(String.self, forKey: .lastStep)
        lastExitCode = try container.decodeIfPresent(Int.self, forKey: .lastExitCode)
        lastOutputTail = try container.decodeIfPresent(String.self, forKey: .lastOutputTail)
    }

    /// The planner's record of this entry for `image`; nil when its version or time does not parse.
    func record(image: String) -> BakeFailureRecord? {
        guard let version = Planner.SemanticVersion(version), let at = StatusTime.date(lastFailureAt) else {
            return nil
        }
        return BakeFailureRecord(
            image: image, version: version, recipe: recipe, attempts: attempts, lastError: lastError,
            lastStep: lastStep, lastExitCode: lastExitCode, lastOutputTail: lastOutputTail, lastFailureAt: at)
    }
}

extension KeyedDecodingContainer {
    /// The entries of the list at `key` that read; none when the key is absent or holds no list.
    fileprivate func readableEntries<Entry: Decodable>(forKey key: Key) -> [Entry] {
        let entries = (try? decodeIfPresent([Lossy<Entry>].self, forKey: key)) ?? nil
        return entries?.compactMap(\.value) ?? []
    }
}

/// An element of a list that is skipped when it does not read.
private struct Lossy<Value: Decodable>: Decodable {
    let value: Value?

    init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}
