import Foundation

// MARK: - Launch permissions Kiln granted: revoke what left the manifest, keep what Kiln did not grant

extension Planning {
    /// Revocations of accounts that left `distribute.accounts` (recorded in `kiln:shared-with` on any of this
    /// image's AMIs), and the record of grants made before Kiln recorded them on AMIs other than the desired
    /// version's (the bake records those).
    func grantActions(of image: DesiredImage) -> [Action] {
        let wanted = image.retired ? Set<String>() : Set(image.distribute.accounts)
        var actions: [Action] = []
        for ami in inventory.oursByImage[image.name] ?? [] where inventory.isKnown(ami.region) {
            guard ami.state == .available else { continue }
            let recorded = KilnRecord.values(in: ami.tags, key: KilnTag.sharedWith) ?? []
            let revoked = recorded.subtracting(wanted).sorted()
            if !revoked.isEmpty {
                actions.append(
                    Action(
                        .unshareImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted(), accounts: revoked),
                        reason: "Kiln shared \(ami.id) with \(revoked.joined(separator: ", ")), no longer in "
                            + "distribute.accounts",
                        image: image.name, version: ami.tags.kilnVersion, region: ami.region))
            }
            let desiredVersion = !image.retired && ami.tags.kilnVersion == image.version
            let unrecorded = ami.launchPermissionAccounts.intersection(wanted).subtracting(recorded).sorted()
            if !desiredVersion && !unrecorded.isEmpty {
                actions.append(
                    Action(
                        .shareImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted(), accounts: unrecorded),
                        reason: "record the distribute accounts \(ami.id) is shared with",
                        image: image.name, version: ami.tags.kilnVersion, region: ami.region))
            }
        }
        return actions
    }

    /// Accounts with launch permission on `ami` that Kiln did not grant (shared by hand): they keep it.
    func handSharedAccounts(_ ami: ObservedImage) -> [String] {
        let recorded = KilnRecord.values(in: ami.tags, key: KilnTag.sharedWith) ?? []
        return ami.launchPermissionAccounts.subtracting(recorded).sorted()
    }
}
