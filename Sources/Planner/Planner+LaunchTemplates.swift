import Foundation

// MARK: - Launch templates: new version → default → instance refresh

extension Planning {
    func rollOut(_ image: DesiredImage, to target: LaunchTemplateTarget, into outcome: inout RolloutOutcome) {
        let region = target.region
        var report = RolloutTargetReport(
            kind: .launchTemplate, name: target.name, region: region, currentImageId: nil, currentVersion: nil,
            desiredImageId: nil, converged: false, message: "")
        let template = inventory.actual.launchTemplates
            .filter { $0.region == region && $0.name == target.name }.min { $0.id < $1.id }
        if let template {
            let current = template.version(reference(of: template, target))?.imageId
            report.currentImageId = current
            report.currentVersion = inventory.versionText(of: current)
        }
        guard let ami = rolloutAMI(image, in: region, report: &report, into: &outcome) else { return }
        guard let template else {
            return waiting(
                RolloutWait("launch template \(target.name) does not exist in \(region)"), report, image,
                into: &outcome)
        }
        let number = reference(of: template, target)
        let which = target.setDefault ? "default" : "latest"
        if report.currentImageId == ami.id {
            report.message = "\(which) version \(number) uses \(describe(ami.id))"
            if let refresh = target.refresh {
                return planRefresh(image, refresh, ami: ami, region: region, report: report, into: &outcome)
            }
            report.converged = true
            outcome.targets.append(report)
            return
        }
        let description = KilnNames.launchTemplateVersionDescription(image: image.name, version: image.version)
        let created = template.versions
            .filter { $0.number > template.defaultVersion && $0.imageId == ami.id && $0.description == description }
            .max { $0.number < $1.number }
        let currentText = "\(which) version \(number) of \(template.name) uses \(describe(report.currentImageId))"
        if target.setDefault, let created {
            let reason = "\(currentText); version \(created.number) uses \(image.version) (\(ami.id))"
            report.message = reason
            outcome.actions.append(
                rolloutAction(
                    .setDefaultLaunchTemplateVersion(
                        templateId: template.id, templateName: template.name, version: created.number),
                    reason, image, region))
        } else {
            let reason = "\(currentText); \(image.version) is \(ami.id)"
            report.message = reason
            let create = CreateLaunchTemplateVersion(
                templateId: template.id, templateName: template.name, sourceVersion: template.defaultVersion,
                imageId: ami.id, description: description)
            outcome.actions.append(rolloutAction(.createLaunchTemplateVersion(create: create), reason, image, region))
        }
        outcome.targets.append(report)
    }

    /// The version a target follows: the default, or the latest when it does not set the default.
    private func reference(of template: ObservedLaunchTemplate, _ target: LaunchTemplateTarget) -> Int {
        target.setDefault ? template.defaultVersion : template.latestVersion
    }

    // MARK: - Instance refresh

    private func planRefresh(
        _ image: DesiredImage, _ refresh: InstanceRefresh, ami: ObservedImage, region: String,
        report: RolloutTargetReport, into outcome: inout RolloutOutcome
    ) {
        let groupName = refresh.autoScalingGroup
        guard
            let group = inventory.actual.autoScalingGroups
                .filter({ $0.region == region && $0.name == groupName }).min(by: { $0.name < $1.name })
        else {
            return waiting(
                RolloutWait("Auto Scaling group \(groupName) does not exist in \(region)"), report, image,
                into: &outcome)
        }
        let outdated = inventory.actual.instances
            .filter {
                $0.region == region && $0.tags[KilnTag.autoScalingGroup] == groupName && !$0.state.isEnding
                    && $0.imageId != ami.id
            }
            .map(\.id).sorted()
        var report = report
        if outdated.isEmpty {
            report.converged = true
            report.message += "; every instance of \(groupName) runs it"
            outcome.targets.append(report)
            return
        }
        let refreshes = group.instanceRefreshes.sorted { ($0.startTime, $0.id) < ($1.startTime, $1.id) }
        if let running = refreshes.last(where: { $0.status.isInProgress }) {
            return waiting(
                RolloutWait(
                    "instance refresh \(running.id) of \(groupName) is \(running.status)"), report, image,
                into: &outcome)
        }
        if let last = refreshes.last, last.status != .successful, last.startTime >= ami.creationDate {
            report.message +=
                "; instance refresh \(last.id) of \(groupName) ended \(last.status): "
                + "not restarted for this AMI"
            report.converged = false
            outcome.targets.append(report)
            return
        }
        let examples = outdated.prefix(3).joined(separator: ", ")
        let reason = "\(outdated.count) instance(s) of \(groupName) run another AMI (\(examples))"
        report.message += "; " + reason
        outcome.targets.append(report)
        let start = StartInstanceRefresh(
            autoScalingGroup: groupName, minHealthyPercentage: refresh.minHealthyPercentage,
            instanceWarmup: refresh.instanceWarmup?.timeInterval)
        outcome.actions.append(rolloutAction(.startInstanceRefresh(refresh: start), reason, image, region))
    }
}
