import AWS
import Foundation
import Planner

// MARK: - Launch configurations: copy with the new image, move the group, delete the old one

extension Executor {
    /// Copies the group's launch configuration under the new name with the new ImageId (every other field
    /// kept), points the group at it, then deletes the old configuration if asked and no group uses it.
    func replaceLaunchConfiguration(_ replace: ReplaceLaunchConfiguration, region: String) async throws -> Effect {
        let autoScaling = autoScaling(region)
        let operation = "replaceLaunchConfiguration \(replace.autoScalingGroup)"
        let groups = try await autoScaling.describeAutoScalingGroups(
            .init(autoScalingGroupNames: [replace.autoScalingGroup]))
        guard let group = groups.first(where: { $0.autoScalingGroupName == replace.autoScalingGroup }) else {
            throw CloudError.unexpected(
                "Auto Scaling group \(replace.autoScalingGroup) does not exist",
                operation: operation, region: region)
        }
        let current = group.launchConfigurationName
        guard current == replace.currentName || current == replace.newName else {
            throw CloudError.unexpected(
                "group \(replace.autoScalingGroup) uses \(current ?? "no launch configuration"), not "
                    + "\(replace.currentName): it changed since it was observed", operation: operation, region: region)
        }
        var status: Effect.Status = .alreadyDone
        if try await ensureConfiguration(replace, region: region, operation: operation) { status = .done }
        if current != replace.newName {
            try await autoScaling.updateAutoScalingGroup(
                .init(autoScalingGroupName: replace.autoScalingGroup, launchConfigurationName: replace.newName))
            status = .done
        }
        var detail: String?
        if replace.deleteCurrentWhenUnused, replace.currentName != replace.newName {
            let deletion = try await deleteLaunchConfiguration(replace.currentName, region: region)
            if case .refused(let reason) = deletion.status { detail = "kept \(replace.currentName): \(reason)" }
            if deletion.status == .done { status = .done }
        }
        return Effect(status, launchConfigurationName: replace.newName, detail: detail)
    }

    /// Makes sure `newName` exists with the new image; true when it was created now.
    private func ensureConfiguration(
        _ replace: ReplaceLaunchConfiguration, region: String, operation: String
    ) async throws -> Bool {
        let autoScaling = autoScaling(region)
        let names = Array(Set([replace.currentName, replace.newName])).sorted()
        let found = try await autoScaling.describeLaunchConfigurations(.init(launchConfigurationNames: names))
        if let existing = found.first(where: { $0.launchConfigurationName == replace.newName }) {
            guard existing.imageId == replace.imageId else {
                throw CloudError.unexpected(
                    "launch configuration \(replace.newName) exists with \(existing.imageId), not \(replace.imageId)",
                    operation: operation, region: region)
            }
            return false
        }
        guard let source = found.first(where: { $0.launchConfigurationName == replace.currentName }) else {
            throw CloudError.unexpected(
                "launch configuration \(replace.currentName) to copy does not exist", operation: operation,
                region: region)
        }
        let request = AutoScaling.CreateLaunchConfigurationRequest(
            copying: source, name: replace.newName, imageId: replace.imageId)
        do {
            try await autoScaling.createLaunchConfiguration(request)
            return true
        } catch let error as AWSError where error.code == AWSCodes.alreadyExists {
            let again = try await autoScaling.describeLaunchConfigurations(
                .init(launchConfigurationNames: [replace.newName]))
            guard again.first?.imageId == replace.imageId else {
                throw CloudError.aws(error, operation: operation, region: region)
            }
            return false
        }
    }

    /// DeleteLaunchConfiguration of a configuration Kiln named (`kiln-<pair16>-…`), after checking, with a fresh
    /// listing, that no group uses it. Any other name is refused: Kiln never deletes a configuration it did not make.
    func deleteLaunchConfiguration(_ name: String, region: String) async throws -> Effect {
        guard Ownership.isKilnLaunchConfigurationName(name) else {
            return Effect(
                .refused("launch configuration \(name) was not named by Kiln"), launchConfigurationName: name)
        }
        let autoScaling = autoScaling(region)
        let existing = try await autoScaling.describeLaunchConfigurations(.init(launchConfigurationNames: [name]))
        guard existing.contains(where: { $0.launchConfigurationName == name }) else {
            return Effect(.alreadyDone, launchConfigurationName: name, detail: "it is gone")
        }
        let groups = try await autoScaling.describeAutoScalingGroups(.init())
        if let user = groups.first(where: { $0.launchConfigurationName == name }) {
            return Effect(
                .refused("group \(user.autoScalingGroupName) uses launch configuration \(name)"),
                launchConfigurationName: name)
        }
        do {
            try await autoScaling.deleteLaunchConfiguration(name: name)
        } catch let error as AWSError where error.code == AWSCodes.resourceInUse {
            return Effect(
                .refused("AWS reports \(name) in use: \(error.message)"), launchConfigurationName: name)
        }
        return Effect(.done, launchConfigurationName: name)
    }
}
