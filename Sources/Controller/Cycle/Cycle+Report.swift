import Cloud
import Foundation
import Logging
import Manifest
import Planner

// MARK: - Step 5: the report, assembled in one place

extension Cycle {
    /// Classifies what the cycle found and logs its summary; runs whether or not the other steps succeeded.
    func report(_ state: inout CycleState) -> StepResult {
        var report = state.report
        report.issues = invalidManifestIssues(state) + report.issues
        if let plan = report.plan, let desired = state.desired {
            report.issues += imageIssues(plan, desired: desired, manifests: state.manifests)
        }
        report.issues += blockingMissingResources(report)
        if let plan = report.plan, let actual = state.actual { report.fleet = FleetCensus.count(plan, actual) }
        report.homeAccount = state.actual?.accountId
        report.finishedAt = clock.now()
        state.report = report
        log(report)
        return .proceed
    }

    // MARK: - Classification

    private func invalidManifestIssues(_ state: CycleState) -> [CycleIssue] {
        guard let manifests = state.manifests else { return [] }
        return manifests.invalidFiles.sorted().map { file in
            let errors = manifests.diagnostics.filter { $0.file == file && $0.severity == .error }
            var message = errors.first?.message ?? "the manifest is invalid"
            if errors.count > 1 { message += " (and \(errors.count - 1) more)" }
            return .invalidManifest(state.invalidFileImages[file], message, at: errors.first?.location)
        }
    }

    private func imageIssues(_ plan: Plan, desired: DesiredState, manifests: ManifestSet?) -> [CycleIssue] {
        var issues: [CycleIssue] = []
        for image in plan.images where !desired.invalidImageNames.contains(image.name) {
            let location = manifests?.image(named: image.name)?.spec.versionLocation
            for condition in image.conditions {
                switch condition.type {
                case .stalled:
                    issues.append(.bakeStalled(image.name, condition.message, at: location))
                case .failed:
                    let step = image.lastFailure?.lastStep
                    let stepLocation = manifests?.location(ofStep: step, in: image.name) ?? location
                    issues.append(.bakeAttemptFailed(image.name, condition.message, at: stepLocation))
                case .waiting where image.phase == .backingOff:
                    let until = plan.actions.lazy.compactMap { action -> Date? in
                        guard action.image == image.name, case .wait(_, let until) = action.kind else { return nil }
                        return until
                    }.first
                    issues.append(.bakeBackingOff(image.name, condition.message, until: until))
                default:
                    break
                }
            }
        }
        return issues
    }

    /// Missing resources that hold an image up: a source while the bake waits for it, a rollout target once
    /// the bake is done. (Listed in `missing` either way.)
    private func blockingMissingResources(_ report: CycleReport) -> [CycleIssue] {
        let phases = Dictionary(
            (report.plan?.images ?? []).map { ($0.name, $0.phase) }, uniquingKeysWith: { first, _ in first })
        return report.missing.compactMap { resource in
            let phase = phases[resource.image] ?? nil
            switch resource.kind {
            case .sourceImage:
                guard phase == .waitingForSource else { return nil }
                return .sourceMissing(resource.image, region: resource.region, "no available \(resource)")
            case .launchTemplate, .autoScalingGroup, .launchConfiguration:
                guard phase == .done else { return nil }
                return .targetMissing(resource.image, region: resource.region, "\(resource) does not exist")
            }
        }
    }

    // MARK: - Logging

    private func log(_ report: CycleReport) {
        var metadata: Logger.Metadata = [
            "commit": "\(report.commit ?? "-")", "mode": "\(report.mode.rawValue)",
            "actions": "\(report.plan?.actions.count ?? 0)",
            "done": "\(report.outcomes.count { $0.changed })",
            "failed": "\(report.outcomes.count { $0.failed })",
            "converged": "\(report.isConverged)",
        ]
        for category in [CycleIssue.Category.stalled, .waiting, .transient] {
            let count = report.issues.count { $0.category == category }
            if count > 0 { metadata[category.rawValue] = "\(count)" }
        }
        for issue in report.issues where issue.category != .waiting {
            var details: Logger.Metadata = [
                "reason": "\(issue.reason.rawValue)", "category": "\(issue.category.rawValue)",
                "detail": "\(issue.message)",
            ]
            if let image = issue.image { details["image"] = "\(image)" }
            if let region = issue.region { details["region"] = "\(region)" }
            logger.warning("cycle issue", metadata: details)
        }
        let changed = report.outcomes.contains { $0.changed || $0.status == .recorded }
        if changed || !report.issues.isEmpty {
            logger.info("cycle finished", metadata: metadata)
        } else {
            logger.debug("cycle finished", metadata: metadata)
        }
    }
}
