import AWS
import Foundation
import Planner

// MARK: - Instances, builders and their SSM state

extension RegionObserver {
    /// An instance as the planner sees it.
    func observedInstance(_ instance: EC2.Instance, now: Date) -> ObservedInstance {
        ObservedInstance(
            id: instance.instanceId, region: region, state: InstanceState(rawValue: instance.state?.name ?? "unknown"),
            imageId: instance.imageId ?? "", tags: instance.tags.dictionary, launchTime: instance.launchTime ?? now)
    }

    /// Our builders, any state.
    func builders(in instances: [ObservedInstance]) -> [ObservedInstance] {
        instances.filter { $0.tags[KilnTag.role] == "builder" && $0.tags[KilnTag.owner] == owner }
    }

    /// SSM agent status of live builders, their step invocations, and failures their tags record.
    func observeBuilders(_ instances: [ObservedInstance], into result: inout RegionObservation) async throws {
        let ours = builders(in: instances)
        result.bakeFailures = Self.failures(of: ours)
        let live = ours.filter { !$0.state.isEnding && $0.tags[KilnTag.phase] != BuilderPhaseTag.failedKept }
        let starting = live.filter { $0.state == .pending || $0.state == .running }.map(\.id).sorted()
        result.managedInstances = try await managedInstances(starting)
        result.commandInvocations = try await invocations(on: live)
    }

    private func managedInstances(_ ids: [String]) async throws -> [ManagedInstance] {
        guard !ids.isEmpty else { return [] }
        let chunks = stride(from: 0, to: ids.count, by: 50).map { Array(ids[$0..<min($0 + 50, ids.count)]) }
        let ssm = self.ssm
        let region = self.region
        let pages = try await concurrentMap(chunks, limit: limit) { chunk in
            try await ssm.describeInstanceInformation(.instances(chunk))
        }
        return pages.flatMap { $0 }.map {
            ManagedInstance(instanceId: $0.instanceId, region: region, pingStatus: $0.pingStatus ?? "Unknown")
        }
    }

    // MARK: - Step invocations

    private struct StepCommand: Sendable {
        var builder: ObservedInstance
        var step: String
        var commandId: String
    }

    private func invocations(on builders: [ObservedInstance]) async throws -> [CommandInvocation] {
        let commands = builders.sorted { $0.id < $1.id }.flatMap { builder in
            StepCommandTag.commands(in: builder.tags).map {
                StepCommand(builder: builder, step: $0.step, commandId: $0.commandId)
            }
        }
        let ssm = self.ssm
        let region = self.region
        let tail = observer.configuration.outputTailCharacters
        let now = observer.now()
        return try await concurrentMap(commands, limit: limit) { command in
            let builder = command.builder
            let sentAt = Timestamp.parse(builder.tags[KilnTag.since])
            let isCurrent = builder.tags[KilnTag.command] == command.commandId
            do {
                let invocation = try await ssm.getCommandInvocation(
                    commandId: command.commandId, instanceId: builder.id)
                let started = Timestamp.parse(invocation.executionStartDateTime)
                let requested = (isCurrent ? sentAt ?? started : started ?? sentAt) ?? now
                return CommandInvocation(
                    commandId: command.commandId, instanceId: builder.id, region: region,
                    comment: StepCommandTag.comment(step: command.step),
                    status: CommandStatus(rawValue: invocation.status), requestedAt: requested,
                    exitCode: invocation.responseCode.flatMap { $0 < 0 ? nil : $0 },
                    outputTail: Self.outputTail(invocation, characters: tail))
            } catch let error as AWSError where error.code == AWSCodes.invocationDoesNotExist {
                // Sent but not yet delivered: SSM lists the invocation a moment later.
                return CommandInvocation(
                    commandId: command.commandId, instanceId: builder.id, region: region,
                    comment: StepCommandTag.comment(step: command.step), status: .pending,
                    requestedAt: sentAt ?? now)
            }
        }
    }

    /// The end of the step's output: stdout, then stderr.
    static func outputTail(_ invocation: SSM.CommandInvocation, characters: Int) -> String? {
        var text = invocation.standardOutputContent ?? ""
        if let errors = invocation.standardErrorContent, !errors.isEmpty {
            text += text.isEmpty ? errors : "\n" + errors
        }
        guard !text.isEmpty else { return nil }
        return String(text.suffix(max(0, characters)))
    }

    // MARK: - Failures recorded on builders

    /// One record per bake whose builders carry `kiln:phase=failed` or `failed-kept`: the highest attempt.
    static func failures(of builders: [ObservedInstance]) -> [BakeFailureRecord] {
        let failed = builders.filter {
            $0.tags[KilnTag.phase] == BuilderPhaseTag.failed || $0.tags[KilnTag.phase] == BuilderPhaseTag.failedKept
        }
        var records: [String: BakeFailureRecord] = [:]
        for builder in failed.sorted(by: { $0.id < $1.id }) {
            guard let image = builder.tags[KilnTag.image], let version = builder.tags[KilnTag.version],
                let semantic = SemanticVersion(version), let recipe = builder.tags[KilnTag.recipe]
            else { continue }
            let attempt = builder.tags[KilnTag.attempt].flatMap(Int.init) ?? 1
            let at = Timestamp.parse(builder.tags[KilnTag.since]) ?? builder.launchTime
            let key = "\(image)\u{0}\(version)\u{0}\(recipe)"
            if let known = records[key], (known.attempts, known.lastFailureAt) >= (attempt, at) { continue }
            records[key] = BakeFailureRecord(
                image: image, version: semantic, recipe: recipe, attempts: attempt,
                lastError: "attempt \(attempt) failed on builder \(builder.id)", lastStep: builder.tags[KilnTag.step],
                lastFailureAt: at)
        }
        return records.values.sorted { ($0.image, $0.version) < ($1.image, $1.version) }
    }
}
