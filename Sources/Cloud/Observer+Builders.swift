import AWS
import Foundation
import Planner
import Redaction

// MARK: - Instances, builders and their SSM state

extension RegionObserver {
    /// An instance as the planner sees it.
    func observedInstance(_ instance: EC2.Instance, now: Date) -> ObservedInstance {
        ObservedInstance(
            id: instance.instanceId, region: region, state: InstanceState(rawValue: instance.state?.name ?? "unknown"),
            imageId: instance.imageId ?? "", tags: instance.tags.dictionary, launchTime: instance.launchTime ?? now,
            clientToken: instance.clientToken)
    }

    /// Our builders by evidence (tags and Kiln's client token), any state.
    func builders(in instances: [ObservedInstance]) -> [ObservedInstance] {
        instances.filter { Ownership.isOurBuilder(tags: $0.tags, clientToken: $0.clientToken, owner: owner) }
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

    /// Every step invocation on live builders: one paginated `ListCommandInvocations` per builder, so a step
    /// whose `SendCommand` answer was lost (and whose command the tags never name) is still seen. A command the
    /// tags name but SSM does not list yet counts as pending.
    private func invocations(on builders: [ObservedInstance]) async throws -> [CommandInvocation] {
        let ssm = self.ssm
        let region = self.region
        let tail = observer.configuration.outputTailCharacters
        let now = observer.now()
        let sorted = builders.sorted { $0.id < $1.id }
        let perBuilder = try await concurrentMap(sorted, limit: limit) { builder in
            let listed = try await ssm.listCommandInvocations(.instance(builder.id))
            var seen = Set<String>()
            var result: [CommandInvocation] = []
            for invocation in listed.sorted(by: { $0.commandId < $1.commandId })
            where seen.insert(invocation.commandId).inserted {
                result.append(
                    Self.commandInvocation(invocation, builder: builder, region: region, tail: tail, now: now))
            }
            let sentAt = Timestamp.parse(builder.tags[KilnTag.since])
            for command in StepCommandTag.commands(in: builder.tags) where seen.insert(command.commandId).inserted {
                // Sent but not yet delivered: SSM lists the invocation a moment later.
                result.append(
                    CommandInvocation(
                        commandId: command.commandId, instanceId: builder.id, region: region,
                        comment: StepCommandTag.comment(step: command.step), status: .pending,
                        requestedAt: sentAt ?? now))
            }
            return result
        }
        return perBuilder.flatMap { $0 }
    }

    /// A listed invocation as the planner sees it.
    static func commandInvocation(
        _ invocation: SSM.ListedCommandInvocation, builder: ObservedInstance, region: String, tail: Int, now: Date
    ) -> CommandInvocation {
        let plugin = invocation.commandPlugins?.first
        let sentAt = Timestamp.parse(builder.tags[KilnTag.since])
        let isCurrent = builder.tags[KilnTag.command] == invocation.commandId
        let listedAt = invocation.requestedDateTime
        let requested = (isCurrent ? sentAt ?? listedAt : listedAt ?? sentAt) ?? now
        return CommandInvocation(
            commandId: invocation.commandId, instanceId: invocation.instanceId, region: region,
            comment: invocation.comment, status: CommandStatus(rawValue: invocation.status ?? plugin?.status ?? ""),
            requestedAt: requested, exitCode: plugin?.responseCode.flatMap { $0 < 0 ? nil : $0 },
            outputTail: plugin.flatMap { outputTail($0, characters: tail) })
    }

    /// The end of a listed plugin's output: stdout, then stderr (after SSM's error marker).
    static func outputTail(_ plugin: SSM.CommandPlugin, characters: Int) -> String? {
        let output = plugin.output ?? ""
        let parts = output.components(separatedBy: errorMarker)
        let stdout = parts.first ?? ""
        let stderr = parts.dropFirst().joined(separator: errorMarker)
        return outputTail(stdout: stdout, stderr: stderr, characters: characters)
    }

    /// The marker SSM puts between stdout and stderr in a plugin's `Output`.
    static let errorMarker = "\n----------ERROR-------\n"

    /// The last `characters` of stdout, then stderr on its own line; nil when both are empty. Redacted before it is
    /// cut: a secret the cut would halve never reaches the planner, the status or a log.
    static func outputTail(stdout: String, stderr: String, characters: Int) -> String? {
        var text = stdout
        if !stderr.isEmpty {
            text += text.isEmpty ? stderr : "\n" + stderr
        }
        guard !text.isEmpty else { return nil }
        return Redaction.suffix(text, characters: characters)
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
