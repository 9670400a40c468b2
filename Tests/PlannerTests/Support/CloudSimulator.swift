import Foundation

@testable import Planner

// MARK: - A tiny simulated cloud for multi-cycle tests
//
// Applies plan actions to an `ActualState` the way AWS would, one cycle at a time, so tests can run
// plan → apply → plan … and check that Kiln converges. Each `tick` completes what was in flight.

struct CloudSimulator {
    var state: ActualState
    var now: Date
    /// Steps whose commands fail (exit code 1).
    var failingSteps: Set<String> = []
    private var counter = 0
    private var tokens: [String: String] = [:]

    init(state: ActualState, now: Date) {
        self.state = state
        self.now = now
    }

    private mutating func id(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-sim\(counter)"
    }

    /// Time passes: instances start and stop, commands and images complete.
    mutating func tick(_ seconds: TimeInterval = 60) {
        now = now.addingTimeInterval(seconds)
        for i in state.instances.indices {
            let instance = state.instances[i]
            if instance.state == .pending {
                state.instances[i].state = .running
                state.managedInstances.append(
                    ManagedInstance(instanceId: instance.id, region: instance.region, pingStatus: "Online"))
            }
            if instance.state == .stopping { state.instances[i].state = .stopped }
            if instance.state == .shuttingDown { state.instances[i].state = .terminated }
        }
        for i in state.commandInvocations.indices where state.commandInvocations[i].status.isRunning {
            let step = state.commandInvocations[i].comment?.replacingOccurrences(of: "kiln step ", with: "") ?? ""
            let fails = failingSteps.contains(step)
            state.commandInvocations[i].status = fails ? .failed : .success
            state.commandInvocations[i].exitCode = fails ? 1 : 0
            state.commandInvocations[i].outputTail = fails ? "\(step): something broke" : nil
        }
        for i in state.images.indices where state.images[i].state == .pending {
            state.images[i].state = .available
        }
    }

    /// Carries out a plan's actions in order.
    mutating func apply(_ plan: Plan) {
        for action in plan.actions { apply(action) }
    }

    private mutating func tagInstance(_ id: String, _ tags: [String: String]) {
        for i in state.instances.indices where state.instances[i].id == id {
            state.instances[i].tags.merge(tags) { _, new in new }
        }
    }

    private mutating func setInstance(_ id: String, _ newState: InstanceState) {
        for i in state.instances.indices where state.instances[i].id == id { state.instances[i].state = newState }
    }

    mutating func apply(_ action: Action) {
        let region = action.region
        switch action.kind {
        case .launchBuilder(let launch):
            guard tokens[launch.clientToken.value] == nil else { return }
            let instance = ObservedInstance(
                id: id("i"), region: region, state: .pending, imageId: launch.sourceImageId, tags: launch.tags,
                launchTime: now, clientToken: launch.clientToken.value)
            tokens[launch.clientToken.value] = instance.id
            state.instances.append(instance)
        case .sendStepCommand(let command):
            let commandId = id("cmd")
            state.commandInvocations.append(
                CommandInvocation(
                    commandId: commandId, instanceId: command.instanceId, region: region, comment: command.comment,
                    status: .inProgress, requestedAt: now))
            tagInstance(command.instanceId, command.builderTags.merging([KilnTag.command: commandId]) { _, new in new })
        case .stopBuilder(let instanceId, let tags):
            tagInstance(instanceId, tags)
            setInstance(instanceId, .stopping)
        case .createImage(let create):
            tagInstance(create.instanceId, create.builderTags)
            let snapshot = id("snap")
            let ami = id("ami")
            state.snapshots.append(
                ObservedSnapshot(
                    id: snapshot, region: region, startTime: now, usedByImage: true,
                    description: "Created by CreateImage(\(create.instanceId)) for \(ami)"))
            state.images.append(
                ObservedImage(
                    id: ami, region: region, name: create.name, state: .pending, creationDate: now,
                    tags: create.imageTags, snapshotIds: [snapshot], rootDeviceName: "/dev/xvda",
                    ownerId: state.accountId))
        case .tagSnapshots(let ids, let tags):
            for i in state.snapshots.indices where ids.contains(state.snapshots[i].id) {
                state.snapshots[i].tags.merge(tags) { _, new in new }
            }
        case .tagImage(let imageId, let ids, let tags):
            for i in state.images.indices where state.images[i].id == imageId {
                state.images[i].tags.merge(tags) { _, new in new }
            }
            for i in state.snapshots.indices where ids.contains(state.snapshots[i].id) {
                state.snapshots[i].tags.merge(tags) { _, new in new }
            }
        case .copyImage(let copy):
            let snapshot = id("snap")
            let ami = id("ami")
            state.snapshots.append(
                ObservedSnapshot(
                    id: snapshot, region: region, startTime: now, tags: copy.tags, usedByImage: true,
                    description: "Copied for DestinationAmi \(ami) from SourceAmi \(copy.sourceImageId)"))
            state.images.append(
                ObservedImage(
                    id: ami, region: region, name: copy.name, state: .pending, creationDate: now, tags: copy.tags,
                    snapshotIds: [snapshot], rootDeviceName: "/dev/xvda", ownerId: state.accountId))
        case .shareImage(let imageId, _, let accounts):
            for i in state.images.indices where state.images[i].id == imageId {
                let recorded = KilnRecord.values(in: state.images[i].tags, key: KilnTag.sharedWith) ?? []
                state.images[i].tags.merge(KilnRecord.tags(recorded.union(accounts), key: KilnTag.sharedWith)) { $1 }
                state.images[i].launchPermissionAccounts.formUnion(accounts)
            }
        case .unshareImage(let imageId, _, let accounts):
            for i in state.images.indices where state.images[i].id == imageId {
                let recorded = KilnRecord.values(in: state.images[i].tags, key: KilnTag.sharedWith) ?? []
                state.images[i].tags.merge(KilnRecord.tags(recorded.subtracting(accounts), key: KilnTag.sharedWith)) {
                    $1
                }
                state.images[i].launchPermissionAccounts.subtract(accounts)
            }
        case .untagImage(let imageId, let ids, let keys):
            for i in state.images.indices where state.images[i].id == imageId {
                for key in keys { state.images[i].tags[key] = nil }
            }
            for i in state.snapshots.indices where ids.contains(state.snapshots[i].id) {
                for key in keys { state.snapshots[i].tags[key] = nil }
            }
        case .terminateBuilder(let instanceId, let tags):
            tagInstance(instanceId, tags)
            setInstance(instanceId, .shuttingDown)
        case .sweepBuilder(let instanceId):
            setInstance(instanceId, .shuttingDown)
        case .keepFailedBuilder(let instanceId, let tags):
            tagInstance(instanceId, tags)
            setInstance(instanceId, .stopping)
        case .recordBakeFailure(let failure):
            state.bakeFailures.removeAll {
                $0.image == failure.image && $0.version == failure.version && $0.recipe == failure.recipe
            }
            state.bakeFailures.append(
                BakeFailureRecord(
                    image: failure.image, version: failure.version, recipe: failure.recipe, attempts: failure.attempt,
                    lastError: failure.error, lastStep: failure.step, lastExitCode: failure.exitCode,
                    lastOutputTail: failure.outputTail, lastFailureAt: failure.at))
        default:
            applyRollout(action)
        }
    }

    private mutating func applyRollout(_ action: Action) {
        let region = action.region
        switch action.kind {
        case .createLaunchTemplateVersion(let create):
            for i in state.launchTemplates.indices where state.launchTemplates[i].id == create.templateId {
                let number = (state.launchTemplates[i].versions.map(\.number).max() ?? 0) + 1
                state.launchTemplates[i].versions.append(
                    LaunchTemplateVersion(number: number, imageId: create.imageId, description: create.description))
                state.launchTemplates[i].latestVersion = number
            }
        case .setDefaultLaunchTemplateVersion(let templateId, _, let number):
            for i in state.launchTemplates.indices where state.launchTemplates[i].id == templateId {
                state.launchTemplates[i].defaultVersion = number
            }
        case .startInstanceRefresh(let refresh):
            let template = state.launchTemplates.first { $0.region == region }
            let image = template.flatMap { $0.version($0.defaultVersion)?.imageId }
            for i in state.instances.indices
            where state.instances[i].tags[KilnTag.autoScalingGroup] == refresh.autoScalingGroup {
                state.instances[i].imageId = image ?? state.instances[i].imageId
            }
        case .replaceLaunchConfiguration(let replace):
            if replace.createNew {
                state.launchConfigurations.append(
                    ObservedLaunchConfiguration(
                        name: replace.newName, region: region, imageId: replace.imageId, createdAt: now))
            }
            for i in state.autoScalingGroups.indices where state.autoScalingGroups[i].name == replace.autoScalingGroup {
                state.autoScalingGroups[i].launchConfigurationName = replace.newName
            }
            if replace.deleteCurrentWhenUnused {
                state.launchConfigurations.removeAll { $0.name == replace.currentName && $0.region == region }
            }
        case .deleteLaunchConfiguration(let name):
            state.launchConfigurations.removeAll { $0.name == name && $0.region == region }
        case .putParameter(let name, let value):
            state.parameters.removeAll { $0.name == name && $0.region == region }
            state.parameters.append(ObservedParameter(name: name, region: region, imageId: value))
        case .deprecateImage(let imageId, let at):
            for i in state.images.indices where state.images[i].id == imageId { state.images[i].deprecationTime = at }
        case .disableImage(let imageId):
            for i in state.images.indices where state.images[i].id == imageId {
                state.images[i].state = .disabled
                state.images[i].tags[KilnTag.disabledAt] =
                    state.images[i].tags[KilnTag.disabledAt]
                    ?? KilnNames.timestamp(now)
            }
        case .enableImage(let imageId):
            for i in state.images.indices where state.images[i].id == imageId {
                state.images[i].state = .available
                state.images[i].tags[KilnTag.disabledAt] = nil
            }
        case .setDeregistrationProtection(let imageId, let enabled):
            for i in state.images.indices where state.images[i].id == imageId {
                state.images[i].deregistrationProtection = enabled
            }
        case .deregisterImage(let imageId, let snapshots):
            state.images.removeAll { $0.id == imageId }
            for i in state.snapshots.indices where snapshots.contains(state.snapshots[i].id) {
                state.snapshots[i].usedByImage = false
            }
        case .deleteSnapshot(let id), .sweepSnapshot(let id):
            state.snapshots.removeAll { $0.id == id }
        case .deleteLaunchTemplateVersions(let templateId, _, let numbers):
            for i in state.launchTemplates.indices where state.launchTemplates[i].id == templateId {
                state.launchTemplates[i].versions.removeAll { numbers.contains($0.number) }
            }
        default:
            break
        }
    }
}
