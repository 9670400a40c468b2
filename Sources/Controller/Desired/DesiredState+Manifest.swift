import Manifest
import Planner

// MARK: - Manifest set → desired state

extension DesiredState {
    /// The desired state of a manifest set read at `commit`.
    ///
    /// Every valid image is projected with `DesiredImage(manifest:)`; invalid images (and any valid image the
    /// adapter cannot project) are named in `invalidImageNames`, so nothing is changed for them. The set counts as
    /// loaded completely only when it has no error at all: a file whose image cannot even be named could be any
    /// image, so nothing destructive may run anywhere.
    public init(manifestSet: ManifestSet, commit: String, owner: String) {
        var images: [DesiredImage] = []
        var invalid = manifestSet.invalidNames
        for manifest in manifestSet.images {
            do {
                images.append(try DesiredImage(manifest: manifest))
            } catch {
                invalid.insert(manifest.name)
            }
        }
        self.init(
            images: images, loadedCompletely: manifestSet.isComplete && invalid == manifestSet.invalidNames,
            invalidImageNames: invalid, commit: commit, owner: owner)
    }
}

// MARK: - Errors

/// A valid manifest the planner's model cannot represent.
public struct DesiredStateError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case unsupportedVersion
    }

    private let code: Code
    /// The image concerned.
    public let image: String
    private let detail: String

    static func unsupportedVersion(image: String, version: String) -> DesiredStateError {
        DesiredStateError(code: .unsupportedVersion, image: image, detail: version)
    }

    /// A short, stable name for metric labels.
    public var reason: String {
        switch code {
        case .unsupportedVersion: "unsupported_version"
        }
    }

    public var description: String {
        switch code {
        case .unsupportedVersion: "image \(image): version '\(detail)' is not a semantic version the planner accepts"
        }
    }
}
