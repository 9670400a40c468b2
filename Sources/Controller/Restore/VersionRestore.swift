import AWS
import Cloud
import Foundation
import Logging
import Manifest
import Planner

// MARK: - kiln restore: re-enable a disabled version in every region it exists

/// Re-enables a version that staged retirement disabled, in every region of its manifest (and the extra ones).
public struct VersionRestore: Sendable {
    /// What happened to one AMI.
    public struct Line: Sendable, Equatable {
        public enum Status: Sendable, Equatable {
            /// EnableImage was called (and `kiln:disabled-at` removed).
            case restored
            /// It was not disabled.
            case notDisabled
            /// It is not Kiln's by the ownership evidence: left alone.
            case refused(String)
        }

        public var region: String
        public var imageId: String
        public var status: Status
    }

    /// The outcome of a restore.
    public struct Result: Sendable, Equatable {
        /// The regions looked in, sorted.
        public var regions: [String]
        public var lines: [Line]
        /// The manifest file that declares the image, when it still exists.
        public var manifestFile: String?
    }

    public let image: String
    public let version: Planner.SemanticVersion
    public let owner: String

    /// A restore of `image` at `version` for `owner`.
    public init(image: String, version: Planner.SemanticVersion, owner: String) {
        self.image = image
        self.version = version
        self.owner = owner
    }

    /// Reads the manifests of `source` for the image's regions, then re-enables its AMIs of this version there and
    /// in `extraRegions`.
    public func run(
        source: any ManifestSource, extraRegions: Set<String>, client: AWSClient, logger: Logger
    ) async throws -> Result {
        let snapshot = try await source.snapshot()
        let manifests = snapshot.manifestSet ?? ManifestLoader.load(files: snapshot.manifests)
        let desired = DesiredState(manifestSet: manifests, commit: snapshot.commit, owner: owner)
        let declared = desired.images.first { $0.name == image }
        let regions = Set(declared?.regions ?? []).union(extraRegions).sorted()
        let executor = Executor(client: client, owner: owner, logger: logger)
        var lines: [Line] = []
        for region in regions {
            for restored in try await executor.restore(image: image, version: version, region: region) {
                let status: Line.Status =
                    switch restored.status {
                    case .refused(let reason), .skipped(let reason): .refused(reason)
                    case .failed(_, let message): .refused(message)
                    case .done: .restored
                    case .alreadyDone, .informational, .recorded: .notDisabled
                    }
                lines.append(Line(region: region, imageId: restored.imageId, status: status))
            }
        }
        return Result(regions: regions, lines: lines, manifestFile: declared?.manifest.file)
    }
}
