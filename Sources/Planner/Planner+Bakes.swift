import Foundation

// MARK: - Bakes of one image

/// The bake part of one image's plan.
struct BakeOutcome: Sendable {
    var step: BakeStep
    var actions: [Action]
    /// The builder this bake owns (never swept).
    var builder: String?
    /// The existing AMI's recipe when it differs from the manifest's.
    var driftRecipe: String?
    var failures: BakeFailureRecord?

    var launched: Bool {
        step.actions.contains { if case .launchBuilder = $0.kind { true } else { false } }
    }
}

extension Planning {
    /// Decides the next step of `image`'s desired bake, or distributes the existing AMI under drift.
    func planBake(_ image: DesiredImage, slotAvailable: Bool) -> BakeOutcome {
        let desiredKey = BakeKey(image: image.name, version: image.version, recipe: image.recipe)
        var context = BakeContext(
            image: image, key: desiredKey, owner: owner, commit: desired.commit, configuration: configuration,
            slotAvailable: slotAvailable, mayDeregister: destructiveBlock == nil,
            inUse: Set(inventory.references.keys))
        var driftActions: [Action] = []
        var driftRecipe: String?
        if inventory.bakeImages(desiredKey).isEmpty, let existing = driftedAMI(of: image) {
            let recipe = existing.tags[KilnTag.recipe] ?? ""
            driftRecipe = recipe
            context.key = BakeKey(image: image.name, version: image.version, recipe: recipe)
            context.finishOnly = true
            let reason =
                "\(existing.id) in \(existing.region) was baked for \(image.version) from recipe "
                + "\(recipe.prefix(8)); the manifest now has recipe \(image.recipe8): the existing AMI stays, "
                + "bump spec.version to bake the new recipe"
            driftActions.append(
                Action(
                    .reportDrift(imageId: existing.id, existingRecipe: recipe, desiredRecipe: image.recipe),
                    reason: reason, image: image.name, version: image.version, region: existing.region))
        }
        let observation = observe(context.key, of: image)
        let step = Bake.next(context, observation, now: now)
        return BakeOutcome(
            step: step, actions: driftActions + step.actions, builder: observation.builder?.id,
            driftRecipe: driftRecipe, failures: observation.failures)
    }

    /// An AMI of ours for the desired version with another recipe (the build region's first).
    private func driftedAMI(of image: DesiredImage) -> ObservedImage? {
        let others = inventory.amis(of: image.name, version: image.version).filter {
            $0.tags[KilnTag.recipe] != image.recipe && !$0.state.isFailed
        }
        return Inventory.oldest(others.filter { $0.region == image.build.region }) ?? Inventory.oldest(others)
    }

    // MARK: - Observation

    /// Everything observed about one bake.
    func observe(_ key: BakeKey, of image: DesiredImage) -> BakeObservation {
        let builders = inventory.builders.filter { $0.tags.isBake(key, owner: owner) }
        func attempt(_ instance: ObservedInstance) -> Int { instance.tags[KilnTag.attempt].flatMap(Int.init) ?? 1 }
        let live =
            builders
            .filter { !$0.state.isEnding && $0.tags[KilnTag.phase] != BuilderPhaseTag.failedKept }
            .max { (attempt($0), $0.launchTime, $1.id) < (attempt($1), $1.launchTime, $0.id) }
        let actual = inventory.actual
        let failures = actual.bakeFailures
            .filter { $0.image == key.image && $0.version == key.version && $0.recipe == key.recipe }
            .max { ($0.attempts, $0.lastFailureAt) < ($1.attempts, $1.lastFailureAt) }
        let images = inventory.bakeImages(key)
        return BakeObservation(
            source: resolveSource(of: image),
            builder: live,
            agentOnline: live.map { id in
                actual.managedInstances.contains { $0.instanceId == id.id && $0.isOnline }
            } ?? false,
            invocations: live.map { builder in
                actual.commandInvocations.filter { $0.instanceId == builder.id }
            } ?? [],
            images: images,
            failedImages: (inventory.oursByImage[key.image] ?? []).filter {
                $0.tags.isBake(key, owner: owner) && $0.state.isFailed && images[$0.region]?.id != $0.id
            },
            snapshots: snapshotsById,
            failures: failures,
            endedBuilderAttempts: builders.filter(\.state.isEnding).map(attempt).sorted(),
            knownRegions: actual.observedRegions.subtracting(actual.failedRegions))
    }

    // MARK: - Source

    /// The AMI a new builder of `image` starts from.
    func resolveSource(of image: DesiredImage) -> SourceResolution {
        let region = image.build.region
        switch image.source {
        case .ami(let ids):
            guard let id = ids[region] else { return .waiting("source.ami has no AMI id for \(region)") }
            guard let lookup = lookup(.imageId(id), in: region) else {
                return .resolved(imageId: id, rootDeviceName: nil, summary: "fixed AMI \(id)")
            }
            guard let found = Inventory.best(lookup.filter { $0.id == id }) else {
                return .waiting("source AMI \(id) does not exist in \(region)")
            }
            guard found.state == .available else { return .waiting("source AMI \(id) is \(found.state)") }
            return .resolved(imageId: id, rootDeviceName: found.rootDeviceName, summary: "fixed AMI \(id)")
        case .filter(let filter):
            guard let lookup = lookup(.filter(filter), in: region) else {
                return .waiting("source filter \(filter.name) was not looked up in \(region)")
            }
            let newest = lookup.filter { $0.state == .available }
                .max { ($0.creationDate, $0.id) < ($1.creationDate, $1.id) }
            guard let newest else { return .waiting("no available image matches \(filter.name) in \(region)") }
            return .resolved(
                imageId: newest.id, rootDeviceName: newest.rootDeviceName, summary: "\(newest.name) (\(newest.id))")
        case .image(let base):
            guard !isInvalid(base) else { return .waiting("source image \(base) has an invalid manifest") }
            guard let manifest = manifest(base) else { return .waiting("source image \(base) has no manifest") }
            guard
                let ami = inventory.currentAMI(
                    of: base, version: manifest.version, recipe: manifest.recipe, in: region)
            else { return .waiting("waiting for \(base) \(manifest.version)") }
            return .resolved(
                imageId: ami.id, rootDeviceName: ami.rootDeviceName, summary: "\(base) \(manifest.version) (\(ami.id))")
        }
    }

    /// The candidates of every lookup of `query` in `region`; nil when it was not looked up.
    private func lookup(_ query: SourceQuery, in region: String) -> [ObservedImage]? {
        let lookups = inventory.actual.sourceLookups.filter {
            $0.region == region && $0.query.normalized == query.normalized
        }
        return lookups.isEmpty ? nil : lookups.flatMap(\.candidates)
    }
}
