import Manifest
import Planner

// MARK: - Manifest set → desired state

extension DesiredState {
    /// The desired state of a manifest set read at `commit`.
    ///
    /// Every valid image is projected with `DesiredImage(manifest:)`; invalid images are named in
    /// `invalidImageNames`, so nothing is changed for them. The set counts as loaded completely only when it has
    /// no error at all: a file whose image cannot even be named could be any image, so nothing destructive may
    /// run anywhere.
    public init(manifestSet: ManifestSet, commit: String, owner: String) {
        self.init(
            images: manifestSet.images.map(DesiredImage.init(manifest:)), loadedCompletely: manifestSet.isComplete,
            invalidImageNames: manifestSet.invalidNames, commit: commit, owner: owner)
    }
}
