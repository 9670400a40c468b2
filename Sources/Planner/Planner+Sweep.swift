import Foundation

// MARK: - Sweep: builders and snapshots nothing owns

extension Planning {
    /// Terminates our builders that no live bake owns and deletes our snapshots no image uses.
    func sweep(ownedBuilders: Set<String>) -> [Action] {
        guard destructiveBlock == nil else { return [] }
        return sweepBuilders(owned: ownedBuilders) + sweepSnapshots()
    }

    // MARK: - Builders

    private func sweepBuilders(owned: Set<String>) -> [Action] {
        var actions: [Action] = []
        for builder in inventory.builders
        where !builder.state.isEnding && !owned.contains(builder.id) && inventory.isKnown(builder.region) {
            let name = builder.tags[KilnTag.image]
            if let name, isInvalid(name) { continue }
            let manifest = name.flatMap(manifest)
            let kept = builder.tags[KilnTag.phase] == BuilderPhaseTag.failedKept
            if kept, manifest?.build.keepOnFailure == true { continue }
            actions.append(
                Action(
                    .sweepBuilder(instanceId: builder.id),
                    reason: orphanReason(builder, manifest: manifest, kept: kept),
                    image: name, version: builder.tags.kilnVersion, region: builder.region))
        }
        return actions
    }

    private func orphanReason(_ builder: ObservedInstance, manifest: DesiredImage?, kept: Bool) -> String {
        let name = builder.tags[KilnTag.image] ?? "?"
        let version = builder.tags[KilnTag.version] ?? "?"
        let recipe = (builder.tags[KilnTag.recipe] ?? "?").prefix(8)
        guard let manifest else { return "no manifest names image \(name): the bake is abandoned" }
        if manifest.retired { return "\(name) is retired: the bake is abandoned" }
        if kept { return "kept after a failed attempt, and keepOnFailure is now off" }
        if builder.tags.kilnVersion != manifest.version || builder.tags[KilnTag.recipe] != manifest.recipe {
            return "abandoned: \(name) \(version) (recipe \(recipe)) is no longer desired; the manifest asks for "
                + "\(manifest.version) (recipe \(manifest.recipe8))"
        }
        return "no live bake owns it (a duplicate, or its bake is finished)"
    }

    // MARK: - Snapshots

    private func sweepSnapshots() -> [Action] {
        var actions: [Action] = []
        let used = Set(inventory.actual.images.flatMap(\.snapshotIds))
        let snapshots = inventory.actual.snapshots.sorted { ($0.region, $0.id) < ($1.region, $1.id) }
        var seen: Set<String> = []
        for snapshot in snapshots where seen.insert(snapshot.id).inserted {
            guard inventory.isOurSnapshot(snapshot), inventory.isKnown(snapshot.region),
                snapshot.state == .completed, !snapshot.usedByImage, !used.contains(snapshot.id),
                snapshot.startTime.addingTimeInterval(configuration.snapshotGracePeriod) < now,
                let name = snapshot.tags[KilnTag.image], let manifest = manifest(name)
            else { continue }
            let version = snapshot.tags.kilnVersion
            let recipe = snapshot.tags[KilnTag.recipe] ?? ""
            let pendingImage = (inventory.oursByImage[name] ?? []).contains {
                $0.region == snapshot.region && $0.state == .pending && $0.tags.kilnVersion == version
                    && $0.tags[KilnTag.recipe] == recipe
            }
            if pendingImage { continue }
            let grace = formatDuration(configuration.snapshotGracePeriod)
            let ofDesiredBake = !manifest.retired && version == manifest.version && recipe == manifest.recipe
            let kind: ActionKind =
                ofDesiredBake
                ? .sweepSnapshot(snapshotId: snapshot.id) : .deleteSnapshot(snapshotId: snapshot.id)
            let reason =
                ofDesiredBake
                ? "left over from a bake of \(name) \(manifest.version): no image uses it (older than \(grace))"
                : "its AMI is gone and no image uses it (older than \(grace))"
            actions.append(Action(kind, reason: reason, image: name, version: version, region: snapshot.region))
        }
        return actions
    }
}
