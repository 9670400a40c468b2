import AWS
import Foundation
import Planner

// MARK: - Images and snapshots

extension RegionObserver {
    /// An AMI as the planner sees it. A missing creation date counts as now: the image looks young and
    /// is never pruned on a guess.
    func observedImage(_ image: EC2.Image, now: Date) -> ObservedImage {
        ObservedImage(
            id: image.imageId, region: region, name: image.name ?? "",
            state: ImageState(rawValue: image.state ?? "unknown"),
            creationDate: Timestamp.parse(image.creationDate) ?? now,
            tags: image.tags.dictionary, snapshotIds: image.snapshotIds,
            deprecationTime: Timestamp.parse(image.deprecationTime),
            rootDeviceName: image.rootDeviceName, ownerId: image.ownerId,
            deregistrationProtection: image.isDeregistrationProtected)
    }

    /// The snapshots, each with whether an observed image (other than a deregistered one) uses it: by its block
    /// device mappings or by the AMI its description names. The live images are indexed once, not per snapshot.
    func observedSnapshots(_ snapshots: [EC2.Snapshot], images: [ObservedImage], now: Date) -> [ObservedSnapshot] {
        let live = images.filter { $0.state != .deregistered }
        let mapped = Set(live.flatMap(\.snapshotIds))
        let liveIds = Set(live.map(\.id))
        return snapshots.map { snapshot in
            let used =
                mapped.contains(snapshot.snapshotId)
                || Self.imageIds(in: snapshot.description).contains { liveIds.contains($0) }
            return observedSnapshot(snapshot, usedByImage: used, now: now)
        }
    }

    /// A snapshot as the planner sees it.
    func observedSnapshot(_ snapshot: EC2.Snapshot, usedByImage used: Bool, now: Date) -> ObservedSnapshot {
        ObservedSnapshot(
            id: snapshot.snapshotId, region: region, state: SnapshotState(rawValue: snapshot.state ?? "unknown"),
            startTime: snapshot.startTime ?? now, tags: snapshot.tags.dictionary, usedByImage: used,
            description: snapshot.description, volumeSizeGiB: snapshot.volumeSize)
    }

    /// The AMIs of this account that descriptions of orphaned snapshots name (a snapshot with this owner's tag that
    /// no listed AMI uses) and that the owner-tag listing left out: without them such a snapshot would look like the
    /// leftover of a deregistered AMI of ours. None in a steady state, so no call.
    func imagesNamedByOrphans(
        _ snapshots: [EC2.Snapshot], images: [ObservedImage], now: Date
    ) async throws -> [ObservedImage] {
        let listed = Set(images.map(\.id))
        let used = Set(images.flatMap(\.snapshotIds))
        let named = Set(
            snapshots.filter { !used.contains($0.snapshotId) }.flatMap { Self.imageIds(in: $0.description) }
        ).subtracting(listed).sorted()
        guard !named.isEmpty else { return [] }
        let chunks = stride(from: 0, to: named.count, by: Self.filterValuesPerCall).map {
            Array(named[$0..<min($0 + Self.filterValuesPerCall, named.count)])
        }
        let ec2 = self.ec2
        let maxResults = pages.images
        let found = try await concurrentMap(chunks, limit: limit) { chunk in
            try await ec2.describeImages(
                .init(owners: ["self"], filters: [.init(name: "image-id", values: chunk)], maxResults: maxResults))
        }
        return found.flatMap { $0 }.filter { !listed.contains($0.imageId) }.map { observedImage($0, now: now) }
    }

    /// The most values Kiln puts in one filter.
    static let filterValuesPerCall = 200

    /// AMI ids named in a snapshot description (`Created by CreateImage(i-…) for ami-… from vol-…`).
    static func imageIds(in description: String?) -> [String] { Ownership.imageIds(in: description) }

    // MARK: - Launch permissions

    /// Fills `launchPermissionAccounts` with one listing per distribute account (`ExecutableBy`), never one
    /// call per image. Only accounts of images that have an AMI of ours here are asked about.
    func addLaunchPermissions(to images: inout [ObservedImage]) async throws {
        let present = Set(images.filter(isOurs).compactMap { $0.tags[KilnTag.image] })
        let accounts = Set(
            desiredHere.filter { !$0.retired && present.contains($0.name) }.flatMap(\.distribute.accounts)
        ).sorted()
        guard !accounts.isEmpty else { return }
        let ec2 = self.ec2
        let filter = ownerFilter
        let maxResults = pages.images
        let shared = try await concurrentMap(accounts, limit: limit) { account in
            let executable = try await ec2.describeImages(
                .init(owners: ["self"], executableUsers: [account], filters: [filter], maxResults: maxResults))
            return (account, Set(executable.map(\.imageId)))
        }
        for index in images.indices {
            for (account, ids) in shared where ids.contains(images[index].id) {
                images[index].launchPermissionAccounts.insert(account)
            }
        }
    }
}
