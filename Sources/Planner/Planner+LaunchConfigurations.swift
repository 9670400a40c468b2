import Foundation

// MARK: - Launch configurations: copy with the new AMI, point the group at it

extension Planning {
    func rollOut(_ image: DesiredImage, to target: LaunchConfigurationTarget, into outcome: inout RolloutOutcome) {
        let region = target.region
        let groupName = target.autoScalingGroup
        let actual = inventory.actual
        let group = actual.autoScalingGroups.filter { $0.region == region && $0.name == groupName }.first
        let current = group?.launchConfigurationName.flatMap { name in
            actual.launchConfigurations.filter { $0.region == region && $0.name == name }
                .min { $0.imageId < $1.imageId }
        }
        var report = RolloutTargetReport(
            kind: .launchConfiguration, name: groupName, region: region, currentImageId: current?.imageId,
            currentVersion: inventory.versionText(of: current?.imageId), desiredImageId: nil, converged: false,
            message: "")
        guard let ami = rolloutAMI(image, in: region, report: &report, into: &outcome) else { return }
        guard let group else {
            return waiting(
                RolloutWait("Auto Scaling group \(groupName) does not exist in \(region)"), report, image,
                into: &outcome)
        }
        guard let currentName = group.launchConfigurationName else {
            return waiting(
                RolloutWait("Auto Scaling group \(groupName) uses no launch configuration"), report, image,
                into: &outcome)
        }
        guard let current else {
            return waiting(
                RolloutWait("launch configuration \(currentName) of \(groupName) was not observed"), report, image,
                into: &outcome)
        }
        if current.imageId == ami.id {
            report.converged = true
            report.message = "launch configuration \(current.name) uses \(describe(ami.id))"
            outcome.targets.append(report)
            return
        }
        let newName = KilnNames.launchConfigurationName(
            group: groupName, image: image.name, version: image.version, recipe: ami.tags[KilnTag.recipe] ?? "")
        let existing = actual.launchConfigurations.first { $0.region == region && $0.name == newName }
        if let existing, existing.imageId != ami.id {
            return waiting(
                RolloutWait("launch configuration \(newName) exists with \(existing.imageId), not \(ami.id)"), report,
                image, into: &outcome)
        }
        let otherUsers = actual.autoScalingGroups.filter {
            $0.region == region && $0.name != groupName && $0.launchConfigurationName == currentName
        }
        // Only a configuration Kiln made for this group and image is ever deleted: never the one the group
        // used before Kiln first replaced it, never one a person named.
        let ours = isKilnLaunchConfiguration(currentName, group: groupName, image: image.name)
        let replace = ReplaceLaunchConfiguration(
            autoScalingGroup: groupName, currentName: currentName, newName: newName, imageId: ami.id,
            createNew: existing == nil, deleteCurrentWhenUnused: ours && otherUsers.isEmpty)
        let reason =
            "launch configuration \(currentName) of \(groupName) uses \(describe(current.imageId)); "
            + "\(image.version) is \(ami.id)"
        report.message = reason
        outcome.targets.append(report)
        outcome.actions.append(rolloutAction(.replaceLaunchConfiguration(replace: replace), reason, image, region))
    }

    /// Kiln's launch configurations of this image's groups that no group uses (they keep AMIs alive).
    func unusedLaunchConfigurations(of image: DesiredImage) -> [Action] {
        let actual = inventory.actual
        var actions: [Action] = []
        let targets = image.rollout.launchConfigurations.sorted {
            ($0.region, $0.autoScalingGroup) < ($1.region, $1.autoScalingGroup)
        }
        var seen: Set<String> = []
        for target in targets where inventory.isKnown(target.region) {
            let used = Set(
                actual.autoScalingGroups.filter { $0.region == target.region }
                    .compactMap(\.launchConfigurationName))
            let unused = actual.launchConfigurations
                .filter { $0.region == target.region && !used.contains($0.name) }
                .filter { isKilnLaunchConfiguration($0.name, group: target.autoScalingGroup, image: image.name) }
                .filter { inventory.imagesById[$0.imageId].map(inventory.isOurs) ?? false }
                .sorted { $0.name < $1.name }
            for configuration in unused where seen.insert("\(target.region)/\(configuration.name)").inserted {
                actions.append(
                    Action(
                        .deleteLaunchConfiguration(name: configuration.name),
                        reason: "Kiln created it for \(target.autoScalingGroup) and no group uses it",
                        image: image.name, version: inventory.imagesById[configuration.imageId]?.tags.kilnVersion,
                        region: target.region))
            }
        }
        return actions
    }

    /// `kiln-<pair16>-<image>-<semver>-<recipe8>`: a name Kiln gives to this group and image.
    func isKilnLaunchConfiguration(_ name: String, group: String, image: String) -> Bool {
        let prefix = KilnNames.launchConfigurationPrefix(group: group, image: image)
        guard Ownership.isKilnLaunchConfigurationName(name), name.hasPrefix(prefix), let dash = name.lastIndex(of: "-")
        else { return false }
        let versionStart = name.index(name.startIndex, offsetBy: prefix.count)
        guard dash > versionStart else { return false }
        let recipe8 = name[name.index(after: dash)...]
        let version = name[versionStart..<dash]
        return recipe8.count == 8 && recipe8.allSatisfy(\.isHexDigit) && SemanticVersion(String(version)) != nil
    }
}
