import Foundation

// MARK: - Rollout of one image

/// The rollout part of one image's plan.
struct RolloutOutcome: Sendable {
    var actions: [Action] = []
    var targets: [RolloutTargetReport] = []

    /// Every target points at the desired version's AMI and nothing is in flight.
    var converged: Bool { targets.allSatisfy(\.converged) && actions.isEmpty }
}

extension Planning {
    /// Points every rollout target at the desired version's AMI of its region (forward or back).
    func planRollout(_ image: DesiredImage) -> RolloutOutcome {
        var outcome = RolloutOutcome()
        let targets = image.rollout.launchTemplates.sorted { ($0.region, $0.name) < ($1.region, $1.name) }
        for target in targets {
            rollOut(image, to: target, into: &outcome)
        }
        let configurations = image.rollout.launchConfigurations.sorted {
            ($0.region, $0.autoScalingGroup) < ($1.region, $1.autoScalingGroup)
        }
        for target in configurations {
            rollOut(image, to: target, into: &outcome)
        }
        if let parameter = image.rollout.ssmParameter {
            for region in image.regions.sorted() {
                publish(image, parameter: parameter, in: region, into: &outcome)
            }
        }
        return outcome
    }

    // MARK: - Shared helpers

    /// The AMI a target in `region` should use, or why the target must wait.
    func rolloutAMI(_ image: DesiredImage, in region: String) -> Result<ObservedImage, RolloutWait> {
        guard inventory.isKnown(region) else {
            return .failure(RolloutWait("region \(region) could not be observed"))
        }
        guard
            let ami = inventory.currentAMI(
                of: image.name, version: image.version, recipe: image.recipe, in: region)
        else {
            return .failure(
                RolloutWait(
                    "no available AMI of \(image.name) \(image.version) in \(region) yet", awaitsBake: true))
        }
        return .success(ami)
    }

    /// The AMI a target in `region` should use, recorded as the report's desired image; `nil` once the target is
    /// recorded as waiting for it.
    func rolloutAMI(
        _ image: DesiredImage, in region: String, report: inout RolloutTargetReport,
        into outcome: inout RolloutOutcome
    ) -> ObservedImage? {
        switch rolloutAMI(image, in: region) {
        case .failure(let wait):
            waiting(wait, report, image, into: &outcome)
            return nil
        case .success(let ami):
            report.desiredImageId = ami.id
            return ami
        }
    }

    func rolloutAction(_ kind: ActionKind, _ reason: String, _ image: DesiredImage, _ region: String) -> Action {
        Action(kind, reason: reason, image: image.name, version: image.version, region: region)
    }

    /// Records a target that waits; a wait action only when the bake does not explain it.
    func waiting(
        _ wait: RolloutWait, _ report: RolloutTargetReport, _ image: DesiredImage, into outcome: inout RolloutOutcome
    ) {
        var report = report
        report.message = wait.message
        report.converged = false
        outcome.targets.append(report)
        if !wait.awaitsBake {
            outcome.actions.append(
                rolloutAction(.wait(for: wait.message, until: nil), wait.message, image, report.region))
        }
    }

    /// "ami-… (1.4.1)" or "ami-…" for an AMI that is not ours.
    func describe(_ imageId: String?) -> String {
        guard let imageId else { return "no AMI" }
        guard let version = inventory.versionText(of: imageId) else { return imageId }
        return "\(imageId) (\(version))"
    }

    // MARK: - SSM parameter

    private func publish(
        _ image: DesiredImage, parameter: String, in region: String, into outcome: inout RolloutOutcome
    ) {
        let observed = inventory.actual.parameters.filter { $0.name == parameter && $0.region == region }
        let current = observed.compactMap(\.imageId).sorted().first
        let held = observed.isEmpty ? "does not exist" : "currently holds " + parameterContent(current, of: image)
        // The parameter's value is never reported, not even an AMI id: only what it is.
        var report = RolloutTargetReport(
            kind: .ssmParameter, name: parameter, region: region, currentImageId: nil,
            currentVersion: inventory.versionText(of: current), desiredImageId: nil, converged: false, message: "")
        guard let ami = rolloutAMI(image, in: region, report: &report, into: &outcome) else { return }
        if current == ami.id {
            report.converged = true
            report.message = "parameter \(parameter) \(held)"
        } else {
            let reason = "parameter \(parameter) \(held); \(image.version) is \(ami.id)"
            report.message = reason
            outcome.actions.append(rolloutAction(.putParameter(name: parameter, value: ami.id), reason, image, region))
        }
        outcome.targets.append(report)
    }
}

extension Planning {
    /// What a parameter's value is, never the value: `a Kiln AMI of this image (1.3.0)`, `a Kiln AMI of image
    /// base (2.0.0)`, or `a value Kiln did not write`.
    func parameterContent(_ imageId: String?, of image: DesiredImage) -> String {
        guard let imageId, let version = inventory.versionText(of: imageId),
            let owner = inventory.imagesById[imageId]?.tags[KilnTag.image]
        else { return "a value Kiln did not write" }
        return owner == image.name
            ? "a Kiln AMI of this image (\(version))" : "a Kiln AMI of image \(owner) (\(version))"
    }
}

/// Why a rollout target waits.
struct RolloutWait: Error, Sendable {
    var message: String
    /// The bake has not produced the AMI yet: the bake already reports that, no wait action needed.
    var awaitsBake: Bool

    init(_ message: String, awaitsBake: Bool = false) {
        self.message = message
        self.awaitsBake = awaitsBake
    }
}
