import Foundation

// MARK: - One image: bake, roll out, prune — in that order

/// One image's part of the plan.
struct ImageOutcome: Sendable {
    var actions: [Action]
    var report: ImageReport
    var ownedBuilders: Set<String>
    var launched: Bool
}

extension Planning {
    func planImage(_ image: DesiredImage, slotAvailable: Bool) -> ImageOutcome {
        var report = ImageReport(name: image.name, image: image)
        report.versions = versionReports(of: image.name)
        if image.retired {
            let grants = grantActions(of: image)
            let repairs = retirementRepairs(of: image)
            let prune = planPrune(image, blockedBy: grants.isEmpty ? nil : "launch permissions are being revoked")
            report.conditions.append(
                Condition(
                    type: .retired, message: "retired: nothing is baked or rolled out; versions not in use are pruned"))
            addPrune(prune, to: &report)
            return ImageOutcome(
                actions: grants + repairs + prune.actions, report: report, ownedBuilders: [], launched: false)
        }
        let bake = planBake(image, slotAvailable: slotAvailable)
        let rollout = planRollout(image)
        var actions = bake.actions + rollout.actions + grantActions(of: image)
        report.phase = bake.step.phase
        report.lastFailure = bake.failures
        report.rolloutTargets = rollout.targets
        report.conditions = conditions(image, bake: bake, rollout: rollout)
        let pending = actions.contains { !$0.kind.isInformational }
        var blocked: String?
        if bake.step.status != .done {
            blocked = "the bake of \(image.version) is not finished"
        } else if !rollout.converged {
            blocked = "the rollout of \(image.version) has not converged"
        } else if pending {
            blocked = "actions for \(image.name) are pending"
        }
        let prune = planPrune(image, blockedBy: blocked)
        // Re-enabling and protecting versions that stay never races a prune of others: they do not block it.
        actions += retirementRepairs(of: image) + prune.actions
        addPrune(prune, to: &report)
        return ImageOutcome(
            actions: actions, report: report, ownedBuilders: Set([bake.builder].compactMap { $0 }),
            launched: bake.launched)
    }

    private func addPrune(_ prune: PruneOutcome, to report: inout ImageReport) {
        report.pruneCandidates = prune.candidates
        report.kept = prune.kept
        report.pruneBlockedBy = prune.blocked
    }

    // MARK: - Conditions

    private func conditions(_ image: DesiredImage, bake: BakeOutcome, rollout: RolloutOutcome) -> [Condition] {
        var conditions: [Condition] = []
        let step = bake.step
        switch step.status {
        case .done:
            break
        case .progressing(let message):
            conditions.append(Condition(type: .baking, message: message))
        case .waiting(let message):
            let waiting: Set<BakePhase> = [.waitingForSource, .waitingForSlot, .backingOff]
            conditions.append(Condition(type: waiting.contains(step.phase) ? .waiting : .baking, message: message))
        case .failed(let message):
            conditions.append(Condition(type: .failed, message: message))
        case .stalled(let message):
            conditions.append(Condition(type: .stalled, message: message))
        }
        if let recipe = bake.driftRecipe {
            conditions.append(
                Condition(
                    type: .drift,
                    message:
                        "\(image.version) exists with recipe \(recipe.prefix(8)); the manifest has \(image.recipe8)"))
        }
        let unconverged = rollout.targets.filter { !$0.converged }
        if !unconverged.isEmpty {
            let text = unconverged.map { "\($0.kind.rawValue) \($0.name) in \($0.region): \($0.message)" }
            conditions.append(Condition(type: .rollingOut, message: text.joined(separator: "; ")))
        }
        if step.status == .done && rollout.converged {
            conditions.append(
                Condition(
                    type: .ready,
                    message: "\(image.version) is baked and rolled out to \(rollout.targets.count) target(s)"))
        }
        return conditions
    }

    // MARK: - Versions

    private func versionReports(of name: String) -> [VersionReport] {
        let amis = inventory.oursByImage[name] ?? []
        let groups = Dictionary(grouping: amis) {
            "\($0.tags[KilnTag.version] ?? "")\u{0}\($0.tags[KilnTag.recipe] ?? "")"
        }
        let reports = groups.values.compactMap { images -> VersionReport? in
            guard let first = images.first else { return nil }
            return VersionReport(
                version: first.tags[KilnTag.version] ?? "", recipe: first.tags[KilnTag.recipe],
                amis: images.sorted { ($0.region, $0.id) < ($1.region, $1.id) }.map {
                    RegionImage(region: $0.region, imageId: $0.id, state: $0.state, deprecationTime: $0.deprecationTime)
                })
        }
        return reports.sorted { lhs, rhs in
            let left = SemanticVersion(lhs.version)
            let right = SemanticVersion(rhs.version)
            if let left, let right, left != right { return left > right }
            if (left == nil) != (right == nil) { return left != nil }
            return (lhs.version, lhs.recipe ?? "") > (rhs.version, rhs.recipe ?? "")
        }
    }
}
