import AWS
import Foundation
import Planner

// MARK: - Tags and launch permissions on AMIs of ours (re-checked: never on an AMI Kiln did not make)

extension Executor {
    /// CreateTags on an AMI of ours and its snapshots (the manifest's tags changed after the bake).
    func tagImage(
        _ imageId: String, snapshotIds: [String], tags: [String: String], region: String
    ) async throws -> Effect {
        guard !tags.isEmpty else { return Effect(.alreadyDone, imageId: imageId) }
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        let snapshots = Self.snapshots(of: image)
        try await ec2(region).createTags(resources: [imageId] + snapshots, tags: tags.ec2Tags)
        return Effect(.done, imageId: imageId)
    }

    /// DeleteTags of `keys` (tags Kiln applied from `spec.tags` that left it) on an AMI of ours and its snapshots.
    func untagImage(
        _ imageId: String, snapshotIds: [String], keys: [String], region: String
    ) async throws -> Effect {
        let removable = keys.filter { !$0.hasPrefix("kiln:") && !$0.hasPrefix("aws:") }
        guard !removable.isEmpty else { return Effect(.alreadyDone, imageId: imageId) }
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        let snapshots = Self.snapshots(of: image)
        try await ec2(region).deleteTags(resources: [imageId] + snapshots, keys: removable)
        return Effect(.done, imageId: imageId)
    }

    /// Records the accounts in the AMI's `kiln:shared-with` first (so a grant is never left unrecorded), then
    /// adds launch permission on the AMI and create-volume permission on its snapshots.
    func shareImage(
        _ imageId: String, snapshotIds: [String], accounts: [String], region: String
    ) async throws -> Effect {
        guard !accounts.isEmpty else { return Effect(.alreadyDone, imageId: imageId) }
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        let tags = image.tags.dictionary
        let recorded = KilnRecord.values(in: tags, key: KilnTag.sharedWith) ?? []
        try await writeShareRecord(recorded.union(accounts), on: image, region: region)
        let ec2 = ec2(region)
        try await ec2.modifyImageAttribute(.share(imageId: imageId, withAccounts: accounts))
        for snapshotId in Self.snapshots(of: image) {
            try await ec2.modifySnapshotAttribute(.share(snapshotId: snapshotId, withAccounts: accounts))
        }
        return Effect(.done, imageId: imageId)
    }

    /// Removes launch permission on the AMI and create-volume permission on its snapshots of accounts Kiln
    /// granted (recorded in `kiln:shared-with`), then drops them from the record.
    func unshareImage(
        _ imageId: String, snapshotIds: [String], accounts: [String], region: String
    ) async throws -> Effect {
        let (found, outcome) = try await ourImageForChange(imageId, region: region)
        guard let image = found else { return outcome ?? Effect(.alreadyDone, imageId: imageId) }
        let recorded = KilnRecord.values(in: image.tags.dictionary, key: KilnTag.sharedWith) ?? []
        let revoked = recorded.intersection(accounts).sorted()
        guard !revoked.isEmpty else {
            return Effect(.alreadyDone, imageId: imageId, detail: "Kiln recorded no grant to revoke")
        }
        let ec2 = ec2(region)
        let permissions = revoked.map { EC2.LaunchPermission(userId: $0) }
        try await ec2.modifyImageAttribute(.init(imageId: imageId, launchPermission: .init(remove: permissions)))
        for snapshotId in Self.snapshots(of: image) {
            try await ec2.modifySnapshotAttribute(
                .init(
                    snapshotId: snapshotId,
                    createVolumePermission: .init(remove: revoked.map { EC2.CreateVolumePermission(userId: $0) })))
        }
        try await writeShareRecord(recorded.subtracting(revoked), on: image, region: region)
        return Effect(.done, imageId: imageId, detail: "revoked \(revoked.joined(separator: ", "))")
    }

    /// Writes `kiln:shared-with` (and its continuation keys), deleting continuation keys a shorter record drops.
    private func writeShareRecord(_ accounts: Set<String>, on image: EC2.Image, region: String) async throws {
        let record = KilnRecord.tags(accounts, key: KilnTag.sharedWith)
        let ec2 = ec2(region)
        try await ec2.createTags(resources: [image.imageId], tags: record.ec2Tags)
        let dropped = KilnRecord.keys(in: image.tags.dictionary, key: KilnTag.sharedWith).subtracting(record.keys)
        if !dropped.isEmpty { try await ec2.deleteTags(resources: [image.imageId], keys: dropped.sorted()) }
    }

    /// The snapshots of the re-read image (the plan's list may be stale; another image's snapshot never).
    static func snapshots(of image: EC2.Image) -> [String] {
        Array(Set(image.snapshotIds)).sorted()
    }
}
