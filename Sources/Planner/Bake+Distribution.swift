import Foundation

// MARK: - After the image exists: wait, tag snapshots, copy, share, finish

extension Bake {
    func afterImage(_ ami: ObservedImage) -> BakeStep {
        if ami.state.isFailed {
            return failure(
                BakeFailureDetail("image \(ami.id) is \(ami.state)"), deregister: [ami],
                alreadyRecorded: failureRecorded(for: ami))
        }
        let limit = context.configuration.timeouts.imageAvailable
        // A disabled AMI of the desired version is re-enabled by retention's repairs, never failed as stuck.
        if ami.state == .disabled {
            return wait(.waitingForImage, "image \(ami.id) is disabled: it is re-enabled first")
        }
        if ami.state != .available {
            if now > ami.creationDate.addingTimeInterval(limit) {
                return failure(
                    BakeFailureDetail("image \(ami.id) was not available within \(formatDuration(limit))"),
                    deregister: [ami], alreadyRecorded: failureRecorded(for: ami))
            }
            return wait(
                .waitingForImage, "image \(ami.id) is \(ami.state)", until: ami.creationDate.addingTimeInterval(limit))
        }
        if let tagging = tagSnapshots(of: [ami]) { return tagging }
        return distribute(ami)
    }

    // MARK: - Copies

    private func distribute(_ ami: ObservedImage) -> BakeStep {
        var missing: [String] = []
        var pending: [ObservedImage] = []
        let limit = context.configuration.timeouts.copy
        for region in image.distribute.regions.sorted() where region != buildRegion {
            guard observation.knownRegions.contains(region) else {
                return wait(.copying, "region \(region) could not be observed", region: region)
            }
            guard let copy = observation.images[region] else {
                missing.append(region)
                continue
            }
            if copy.state.isFailed {
                return failure(
                    BakeFailureDetail("copy \(copy.id) in \(region) is \(copy.state)"), deregister: [copy],
                    alreadyRecorded: failureRecorded(for: copy))
            }
            if copy.state != .available {
                if copy.state != .disabled && now > copy.creationDate.addingTimeInterval(limit) {
                    return failure(
                        BakeFailureDetail(
                            "copy \(copy.id) in \(region) was not available within "
                                + formatDuration(limit)),
                        deregister: [copy], alreadyRecorded: failureRecorded(for: copy))
                }
                pending.append(copy)
            }
        }
        if !missing.isEmpty {
            if let gate = retryGate() { return gate }
            return progress(
                .copying, "copying to \(missing.joined(separator: ", "))", missing.map { copy(ami, to: $0) })
        }
        if let first = pending.first {
            let regions = pending.map(\.region).joined(separator: ", ")
            return wait(
                .copying, "copies are pending in \(regions)",
                until: first.creationDate.addingTimeInterval(limit), region: first.region)
        }
        let everywhere = image.regions.compactMap { observation.images[$0] }
        if let tagging = tagSnapshots(of: everywhere) { return tagging }
        if let sharing = share(everywhere) { return sharing }
        return finish(retagging: everywhere)
    }

    private func copy(_ ami: ObservedImage, to region: String) -> Action {
        let kmsKey = image.distribute.regionKmsKeys[region] ?? image.build.rootVolume.kmsKey
        let token = ClientToken(
            input: "kiln-copy|\(context.owner)|\(key.image)|\(key.version)|\(key.recipe)|\(region)")
        let copy = CopyImage(of: ami, key: key, image: image, kmsKeyId: kmsKey, clientToken: token)
        return action(.copyImage(copy: copy), "\(region) is a distribute region without this AMI", region: region)
    }

    // MARK: - Snapshot tags and shares

    private func tagSnapshots(of amis: [ObservedImage]) -> BakeStep? {
        var actions: [Action] = []
        for ami in amis.sorted(by: { $0.region < $1.region }) {
            let untagged = ami.snapshotIds.filter { id in
                !(observation.snapshots[id]?.tags.isBake(key, owner: context.owner) ?? false)
            }.sorted()
            guard !untagged.isEmpty else { continue }
            let tags = Self.copyableTags(ami.tags)
            actions.append(
                action(
                    .tagSnapshots(snapshotIds: untagged, tags: tags),
                    "snapshots of \(ami.id) lack Kiln tags", region: ami.region))
        }
        guard !actions.isEmpty else { return nil }
        return progress(.taggingSnapshots, "tagging snapshots", actions)
    }

    /// The manifest's tags an AMI lacks or carries with another value, set on the AMI and its snapshots, with the
    /// record of the keys Kiln applied (`kiln:tag-keys`). Keys recorded there that left the manifest are removed
    /// first; keys Kiln never recorded stay (someone else added them).
    private func retag(_ amis: [ObservedImage]) -> [Action] {
        let record = KilnRecord.tags(Set(image.tags.keys), key: KilnTag.tagKeys)
        var actions: [Action] = []
        for ami in amis.sorted(by: { $0.region < $1.region }) {
            let recorded = KilnRecord.values(in: ami.tags, key: KilnTag.tagKeys) ?? []
            let removed = recorded.subtracting(image.tags.keys).filter { ami.tags[$0] != nil }.sorted()
            if !removed.isEmpty {
                actions.append(
                    action(
                        .untagImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted(), keys: removed),
                        "removed from spec.tags: \(removed.joined(separator: ", "))", region: ami.region))
            }
            let wanted = image.tags.merging(record) { _, kiln in kiln }
            let stale = wanted.filter { ami.tags[$0.key] != $0.value }
            guard !stale.isEmpty else { continue }
            let changed = stale.keys.filter { !$0.hasPrefix("kiln:") }.sorted()
            let reason =
                changed.isEmpty
                ? "record the spec.tags keys Kiln applied"
                : "spec.tags changed: \(changed.joined(separator: ", "))"
            actions.append(
                action(
                    .tagImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted(), tags: stale), reason,
                    region: ami.region))
        }
        return actions
    }

    private func share(_ amis: [ObservedImage]) -> BakeStep? {
        let accounts = Set(image.distribute.accounts)
        var actions: [Action] = []
        for ami in amis.sorted(by: { $0.region < $1.region }) {
            let recorded = KilnRecord.values(in: ami.tags, key: KilnTag.sharedWith) ?? []
            let missing = accounts.subtracting(ami.launchPermissionAccounts).union(accounts.subtracting(recorded))
            guard !missing.isEmpty else { continue }
            actions.append(
                action(
                    .shareImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted(), accounts: missing.sorted()),
                    "distribute accounts without launch permission (or its record) on \(ami.id)", region: ami.region))
        }
        guard !actions.isEmpty else { return nil }
        return progress(.sharing, "sharing with \(accounts.count) account(s)", actions)
    }

    // MARK: - Finish

    /// Done, or the last clean-up: the builder, failed AMIs of earlier attempts. A done bake whose AMIs lack the
    /// manifest's current tags (added or changed after the bake) also tags them; that does not hold the image back.
    private func finish(retagging amis: [ObservedImage]) -> BakeStep {
        if let builder = observation.builder {
            return progress(
                .finishing, "terminating builder \(builder.id)",
                [action(.terminateBuilder(instanceId: builder.id, tags: [:]), "the bake is complete")])
        }
        let leftovers = observation.failedImages.filter {
            context.mayDeregister && !context.finishOnly && !context.inUse.contains($0.id)
                && observation.knownRegions.contains($0.region)
        }
        guard !leftovers.isEmpty else { return BakeStep(phase: .done, status: .done, actions: retag(amis)) }
        return progress(
            .finishing, "removing failed AMIs of earlier attempts",
            leftovers.map {
                action(
                    .deregisterImage(imageId: $0.id, snapshotIds: $0.snapshotIds.sorted()),
                    "a failed AMI of an earlier attempt (\($0.state)); the bake is complete", region: $0.region)
            })
    }
}
