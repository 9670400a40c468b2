import Foundation

// MARK: - Inventory: the actual state indexed for planning

/// Indexes over one `ActualState`, built once per plan. Every list is sorted, so iteration order
/// never depends on the order of the input.
struct Inventory: Sendable {
    let actual: ActualState
    let owner: String
    /// Our AMIs by evidence (`Ownership.isOurs`: tags, immutable name, account), not deregistered, sorted by
    /// region and id.
    let ours: [ObservedImage]
    /// Our AMIs by `kiln:image`.
    let oursByImage: [String: [ObservedImage]]
    /// Every AMI id observed, of any owner, to its image.
    let imagesById: [String: ObservedImage]
    /// Our builders by evidence (tags and Kiln's client token), any state, sorted by id.
    let builders: [ObservedInstance]
    /// Instances tagged as our builders that Kiln did not launch (no matching client token): never touched.
    let impostorBuilders: [ObservedInstance]
    /// Snapshots our AMIs list.
    let ourSnapshotIds: Set<String>
    /// Why each AMI id is in use (empty when unused).
    let references: [String: [String]]

    init(_ actual: ActualState, owner: String) {
        self.actual = actual
        self.owner = owner
        let ours = actual.images
            .filter { Ownership.isOurs($0, owner: owner, account: actual.accountId) && $0.state != .deregistered }
            .sorted { ($0.region, $0.id) < ($1.region, $1.id) }
        self.ours = ours
        self.ourSnapshotIds = Set(ours.flatMap(\.snapshotIds))
        self.oursByImage = Dictionary(grouping: ours.filter { $0.tags[KilnTag.image] != nil }) {
            $0.tags[KilnTag.image] ?? ""
        }
        var byId: [String: ObservedImage] = [:]
        for image in actual.images.sorted(by: { ($0.region, $0.id) < ($1.region, $1.id) }) where byId[image.id] == nil {
            byId[image.id] = image
        }
        self.imagesById = byId
        let tagged = actual.instances
            .filter { $0.tags[KilnTag.role] == "builder" && $0.tags.isOwned(by: owner) }
            .sorted { ($0.id, $0.region) < ($1.id, $1.region) }
        self.builders = tagged.filter {
            Ownership.isOurBuilder(tags: $0.tags, clientToken: $0.clientToken, owner: owner)
        }
        self.impostorBuilders = tagged.filter {
            !Ownership.isOurBuilder(tags: $0.tags, clientToken: $0.clientToken, owner: owner)
        }
        self.references = ImageReferences.collect(in: actual)
    }

    func isKnown(_ region: String) -> Bool { actual.isKnown(region) }

    // MARK: - AMIs of an image

    /// Our AMIs of `image` at `version` (any recipe), sorted by region and id.
    func amis(of image: String, version: SemanticVersion) -> [ObservedImage] {
        (oursByImage[image] ?? []).filter { $0.tags.kilnVersion == version }
    }

    /// The AMI of a bake in each region (the best one when there are several).
    func bakeImages(_ key: BakeKey) -> [String: ObservedImage] {
        let matching = (oursByImage[key.image] ?? []).filter { $0.tags.isBake(key, owner: owner) }
        return Dictionary(grouping: matching, by: \.region).compactMapValues { Self.best($0) }
    }

    /// The AMI rolled out for `version` in `region`: available, the desired recipe first, else the oldest.
    func currentAMI(of image: String, version: SemanticVersion, recipe: String, in region: String) -> ObservedImage? {
        let available = amis(of: image, version: version).filter { $0.region == region && $0.state == .available }
        return available.first { $0.tags[KilnTag.recipe] == recipe } ?? Self.oldest(available)
    }

    /// Available first, then pending, then the rest; within a state the oldest, then the lowest id.
    static func best(_ images: [ObservedImage]) -> ObservedImage? {
        func rank(_ state: ImageState) -> Int { state == .available ? 0 : state == .pending ? 1 : 2 }
        return images.min { (rank($0.state), $0.creationDate, $0.id) < (rank($1.state), $1.creationDate, $1.id) }
    }

    static func oldest(_ images: [ObservedImage]) -> ObservedImage? {
        images.min { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }
    }

    /// Our version of an AMI id, for reports.
    func versionText(of imageId: String?) -> String? {
        guard let imageId, let image = imagesById[imageId], isOurs(image) else { return nil }
        return image.tags[KilnTag.version]
    }

    /// The AMI is ours by evidence.
    func isOurs(_ image: ObservedImage) -> Bool {
        Ownership.isOurs(image, owner: owner, account: actual.accountId)
    }

    /// The snapshot is ours by evidence: of an AMI of ours, now or (by its description and tags) before.
    func isOurSnapshot(_ snapshot: ObservedSnapshot) -> Bool {
        let listed = ourSnapshotIds.contains(snapshot.id)
        return Ownership.isOurSnapshot(
            id: snapshot.id, description: snapshot.description, tags: snapshot.tags, owner: owner,
            listedByOurImage: listed, image: { imagesById[$0] }, isOurs: isOurs)
    }
}
