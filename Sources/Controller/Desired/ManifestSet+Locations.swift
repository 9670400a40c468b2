import Manifest

// MARK: - Where things are written

extension ManifestSet {
    /// Where step `step` of image `image` is written; for a step the manifest does not name (Kiln's standard
    /// cleanup), where the image's manifest starts.
    public func location(ofStep step: String?, in image: String) -> SourceLocation? {
        guard let manifest = self.image(named: image) else { return nil }
        guard let step, let found = manifest.spec.allSteps.first(where: { $0.name == step }) else {
            return manifest.location
        }
        return found.location
    }
}
