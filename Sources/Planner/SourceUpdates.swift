import Foundation

// MARK: - Which images' sources moved

/// Decides, purely, which images with `autoUpdate` should get a version bump proposed because their source moved.
///
/// An image is considered when its desired version is baked (an available AMI of ours in the build region): (a) a
/// `source.filter` that now resolves to a newer AMI than that AMI's `kiln:source-ami`, or (b) a `source.image` base
/// whose desired version is ready and newer than the one that AMI was built on, proposes the next version by the
/// image's policy. A pending proposal (`pending`: the version an update branch already carries) is withdrawn once
/// the manifest's version reaches it, or when the source no longer moved. Bases come before the images built on
/// them.
public enum SourceUpdates {
    /// One decision per image with `autoUpdate` other than `none` (retired and invalid images are skipped).
    ///
    /// - Parameters:
    ///   - pending: by image, the version its update branch proposes now.
    public static func decide(
        desired: DesiredState, actual: ActualState, pending: [String: SemanticVersion] = [:]
    ) -> [SourceUpdateDecision] {
        let inventory = Inventory(actual, owner: desired.owner)
        let byName = Dictionary(desired.images.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return DependencyOrder.sort(desired.images).compactMap { image in
            guard image.autoUpdate != .none, !image.retired, !desired.invalidImageNames.contains(image.name) else {
                return nil
            }
            if let proposed = pending[image.name], image.version >= proposed {
                return .withdraw(image: image.name, reason: "the manifest is at \(image.version)")
            }
            return decide(image, inventory: inventory, images: byName, invalid: desired.invalidImageNames)
        }
    }

    private static func decide(
        _ image: DesiredImage, inventory: Inventory, images: [String: DesiredImage], invalid: Set<String>
    ) -> SourceUpdateDecision? {
        let region = image.build.region
        let keep = { (reason: String) in SourceUpdateDecision.keep(image: image.name, reason: reason) }
        guard inventory.isKnown(region) else { return keep("\(region) was not observed") }
        guard
            let baked = inventory.currentAMI(
                of: image.name, version: image.version, recipe: image.recipe, in: region)
        else { return keep("\(image.version) is not baked in \(region)") }
        guard let builtFrom = baked.tags[KilnTag.sourceAMI] else { return keep("\(baked.id) has no source tag") }
        let cause: SourceUpdate.Cause
        switch image.source {
        case .ami:
            return nil
        case .filter(let filter):
            let lookups = inventory.actual.sourceLookups.filter {
                $0.region == region && $0.query.normalized == SourceQuery.filter(filter).normalized
            }
            guard !lookups.isEmpty else { return keep("source filter \(filter.name) was not looked up") }
            let candidates = lookups.flatMap(\.candidates).filter { $0.state == .available }
            guard let newest = candidates.max(by: { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }) else {
                return keep("no available image matches \(filter.name)")
            }
            if let old = candidates.first(where: { $0.id == builtFrom }),
                (old.creationDate, old.id) >= (newest.creationDate, newest.id)
            {
                return .withdraw(image: image.name, reason: "\(builtFrom) is the newest source")
            }
            guard newest.id != builtFrom else {
                return .withdraw(image: image.name, reason: "\(builtFrom) is the newest source")
            }
            cause = .ami(from: builtFrom, to: newest.id)
        case .image(let baseName):
            guard let base = images[baseName], !invalid.contains(baseName) else {
                return keep("source image \(baseName) has no valid manifest")
            }
            guard
                let baseAMI = inventory.currentAMI(
                    of: baseName, version: base.version, recipe: base.recipe, in: region)
            else { return keep("\(baseName) \(base.version) is not baked in \(region)") }
            let oldVersion = inventory.imagesById[builtFrom].flatMap { $0.tags.kilnVersion }
            if baseAMI.id == builtFrom || oldVersion.map({ base.version <= $0 }) == true {
                return .withdraw(image: image.name, reason: "built on \(baseName) \(base.version) or newer")
            }
            cause = .image(base: baseName, from: oldVersion?.description ?? builtFrom, to: base.version)
        }
        guard let next = image.autoUpdate.next(after: image.version) else {
            return keep("\(image.version) has no next version")
        }
        return .propose(SourceUpdate(image: image.name, from: image.version, to: next, cause: cause))
    }
}
