import Foundation

// MARK: - The bake state machine
//
// resolve source → launch builder → wait for SSM → steps (provision, test, cleanup) → stop →
// create image → wait available → tag snapshots → copy → share → terminate builder → done.
// Each call looks at what exists and returns the one next step; nothing is remembered between calls.

extension Bake {
    /// The next step of this bake.
    func next() -> BakeStep {
        guard observation.knownRegions.contains(buildRegion) else {
            return wait(.waitingForSource, "region \(buildRegion) could not be observed")
        }
        if let ami = observation.images[buildRegion] {
            return afterImage(ami)
        }
        if context.finishOnly {
            return BakeStep(phase: .done, status: .done, actions: [])
        }
        if let builder = observation.builder {
            return withBuilder(builder)
        }
        if let ended = observation.endedBuilderAttempts.max(), ended > recordedAttempts {
            return failure(
                BakeFailureDetail("builder of attempt \(ended) ended before the bake finished"), attempt: ended)
        }
        if let gate = retryGate() {
            return gate
        }
        return launch()
    }

    // MARK: - Launch

    private func launch() -> BakeStep {
        let source: (imageId: String, rootDeviceName: String?, summary: String)
        switch observation.source {
        case .waiting(let reason):
            return wait(.waitingForSource, reason)
        case .resolved(let imageId, let rootDeviceName, let summary):
            source = (imageId, rootDeviceName, summary)
        }
        guard context.slotAvailable else {
            return wait(
                .waitingForSlot,
                "waiting for a bake slot (\(context.configuration.maxConcurrentBakes) bakes run at once)")
        }
        let attempt = recordedAttempts + 1
        var tags = artifactTags(sourceAMI: source.imageId)
        // No `kiln:since` here: a retried RunInstances must repeat the same request for its ClientToken.
        tags[KilnTag.phase] = BuilderPhaseTag.launching
        tags[KilnTag.role] = "builder"
        tags[KilnTag.attempt] = String(attempt)
        tags["Name"] = "kiln builder \(key.image) \(key.version)"
        let token = ClientToken.builder(
            owner: context.owner, image: key.image, versionText: key.version.description, recipe: key.recipe,
            attemptText: String(attempt))
        let launch = LaunchBuilder(
            sourceImageId: source.imageId, rootDeviceName: source.rootDeviceName,
            instanceType: image.build.instanceType, subnetId: image.build.subnet,
            securityGroupIds: image.build.securityGroups.sorted(), instanceProfile: image.build.instanceProfile,
            rootVolume: image.build.rootVolume, requireIMDSv2: true,
            associatePublicIp: image.build.associatePublicIp, tags: tags, clientToken: token, attempt: attempt)
        var reason = "no AMI for this version"
        if attempt > 1 { reason += " (attempt \(attempt) of \(image.build.maxAttempts))" }
        reason += "; source \(source.summary)"
        return progress(.launching, "launching builder", [action(.launchBuilder(launch: launch), reason)])
    }

    // MARK: - Builder

    private func withBuilder(_ builder: ObservedInstance) -> BakeStep {
        let attempt = builder.tags[KilnTag.attempt].flatMap(Int.init) ?? 1
        if attempt <= recordedAttempts {
            let reason = "attempt \(attempt) of \(key) already failed"
            return BakeStep(
                phase: .failed, status: .failed(reason),
                actions: [action(.terminateBuilder(instanceId: builder.id, tags: [:]), reason)])
        }
        let timeout = image.build.timeout.timeInterval
        if now > builder.launchTime.addingTimeInterval(timeout) {
            return failure(BakeFailureDetail("bake exceeded its timeout of \(formatDuration(timeout))"))
        }
        switch builder.state {
        case .pending:
            return waitForAgent(builder, starting: true)
        case .running:
            return runSteps(on: builder)
        case .stopping:
            return waitForStop(builder)
        case .stopped:
            return createImage(from: builder)
        default:
            return wait(.launching, "builder \(builder.id) is \(builder.state)")
        }
    }

    private func waitForAgent(_ builder: ObservedInstance, starting: Bool) -> BakeStep {
        let limit = context.configuration.timeouts.agentOnline
        if now > builder.launchTime.addingTimeInterval(limit) {
            let what = starting ? "builder \(builder.id) did not start" : "SSM agent on \(builder.id) was not online"
            return failure(BakeFailureDetail("\(what) within \(formatDuration(limit))"))
        }
        let message = starting ? "builder \(builder.id) is starting" : "waiting for the SSM agent on \(builder.id)"
        return wait(
            .waitingForAgent, message, until: builder.launchTime.addingTimeInterval(limit))
    }

    // MARK: - Steps

    private func runSteps(on builder: ObservedInstance) -> BakeStep {
        let steps = BakeScript.steps(of: image)
        for (index, step) in steps.enumerated() {
            guard let invocation = invocation(of: step, on: builder) else {
                guard observation.agentOnline else {
                    if index == 0 { return waitForAgent(builder, starting: false) }
                    return wait(.runningStep, "waiting for the SSM agent on \(builder.id) before step \(step.name)")
                }
                return send(step, index: index, of: steps.count, to: builder)
            }
            if invocation.status == .success { continue }
            if invocation.status.isRunning {
                let deadline = invocation.requestedAt.addingTimeInterval(
                    step.timeout + context.configuration.timeouts.stepGrace)
                if now > deadline {
                    return failure(
                        BakeFailureDetail(
                            "step \(step.name) timed out after \(formatDuration(step.timeout))", step: step.name,
                            outputTail: invocation.outputTail))
                }
                return wait(.runningStep, "step \(step.name) is \(invocation.status) on \(builder.id)", until: deadline)
            }
            var message = "step \(step.name) \(Self.ended(invocation.status))"
            if let code = invocation.exitCode { message += " with exit code \(code)" }
            return failure(
                BakeFailureDetail(
                    message, step: step.name, exitCode: invocation.exitCode, outputTail: invocation.outputTail))
        }
        return stop(builder)
    }

    private static func ended(_ status: CommandStatus) -> String {
        switch status {
        case .failed: "failed"
        case .timedOut: "timed out in SSM"
        case .cancelled, .cancelling: "was cancelled"
        default: "ended \(status)"
        }
    }

    /// The newest invocation of `step` on the builder, found by comment or by the builder's tags.
    private func invocation(of step: ScriptStep, on builder: ObservedInstance) -> CommandInvocation? {
        let comment = KilnNames.stepComment(step.name)
        let taggedCommand = builder.tags[KilnTag.step] == step.name ? builder.tags[KilnTag.command] : nil
        return observation.invocations
            .filter { $0.instanceId == builder.id && ($0.comment == comment || $0.commandId == taggedCommand) }
            .max { ($0.requestedAt, $0.commandId) < ($1.requestedAt, $1.commandId) }
    }

    private func send(_ step: ScriptStep, index: Int, of count: Int, to builder: ObservedInstance) -> BakeStep {
        let command = SendStepCommand(
            instanceId: builder.id, step: step.name, script: step.run, timeout: step.timeout,
            comment: KilnNames.stepComment(step.name),
            builderTags: phaseTags(BuilderPhaseTag.step, [KilnTag.step: step.name]))
        let reason = index == 0 ? "builder is online: first step" : "previous step succeeded"
        return progress(
            .runningStep, "running step \(step.name) (\(index + 1) of \(count))",
            [action(.sendStepCommand(command: command), "step \(index + 1) of \(count): \(reason)")])
    }

    // MARK: - Stop and image

    private func stop(_ builder: ObservedInstance) -> BakeStep {
        if let timedOut = stopTimedOut(builder) { return timedOut }
        let reason = "every step succeeded"
        return progress(
            .stopping, "stopping builder \(builder.id)",
            [action(.stopBuilder(instanceId: builder.id, builderTags: phaseTags(BuilderPhaseTag.stopping)), reason)])
    }

    private func waitForStop(_ builder: ObservedInstance) -> BakeStep {
        if let timedOut = stopTimedOut(builder) { return timedOut }
        return wait(.stopping, "builder \(builder.id) is stopping")
    }

    private func stopTimedOut(_ builder: ObservedInstance) -> BakeStep? {
        guard builder.tags[KilnTag.phase] == BuilderPhaseTag.stopping,
            let since = KilnNames.date(fromTimestamp: builder.tags[KilnTag.since])
        else { return nil }
        let limit = context.configuration.timeouts.stop
        guard now > since.addingTimeInterval(limit) else { return nil }
        return failure(BakeFailureDetail("builder \(builder.id) did not stop within \(formatDuration(limit))"))
    }

    private func createImage(from builder: ObservedInstance) -> BakeStep {
        let steps = BakeScript.steps(of: image)
        let unfinished = steps.first { invocation(of: $0, on: builder)?.status != .success }
        if let unfinished {
            return failure(
                BakeFailureDetail(
                    "builder \(builder.id) stopped before step \(unfinished.name) succeeded", step: unfinished.name))
        }
        let tags = artifactTags(sourceAMI: builder.tags[KilnTag.sourceAMI])
        let name = KilnNames.amiName(image: key.image, version: key.version, recipe: key.recipe)
        let create = CreateImage(
            instanceId: builder.id, name: name,
            description: "Kiln \(key.image) \(key.version) (recipe \(key.recipe.prefix(8)), "
                + "commit \(context.commit.prefix(12)))",
            imageTags: tags, snapshotTags: tags, builderTags: phaseTags(BuilderPhaseTag.imaging))
        return progress(
            .creatingImage, "creating image \(name)",
            [action(.createImage(create: create), "builder \(builder.id) is stopped after every step succeeded")])
    }
}
