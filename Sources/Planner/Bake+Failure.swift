import Foundation

// MARK: - Failures, backoff and giving up

/// What went wrong in one attempt.
struct BakeFailureDetail: Sendable, Equatable {
    var message: String
    var step: String?
    var exitCode: Int?
    var outputTail: String?

    init(_ message: String, step: String? = nil, exitCode: Int? = nil, outputTail: String? = nil) {
        self.message = message
        self.step = step
        self.exitCode = exitCode
        self.outputTail = outputTail
    }
}

extension Bake {
    /// Fails the current attempt: record it, end the builder (or keep it), deregister partial AMIs.
    ///
    /// Under drift (`finishOnly`) nothing is changed: the failure is only reported.
    func failure(
        _ detail: BakeFailureDetail, attempt: Int? = nil, deregister partial: [ObservedImage] = [],
        alreadyRecorded: Bool = false
    ) -> BakeStep {
        if context.finishOnly {
            return BakeStep(phase: .failed, status: .failed(detail.message), actions: [])
        }
        let builderAttempt = observation.builder?.tags[KilnTag.attempt].flatMap(Int.init)
        let attempt = attempt ?? builderAttempt ?? (recordedAttempts + 1)
        var actions: [Action] = []
        var message = detail.message
        if !alreadyRecorded {
            let failure = BakeFailure(
                image: key.image, version: key.version, recipe: key.recipe, attempt: attempt, step: detail.step,
                exitCode: detail.exitCode, outputTail: detail.outputTail, error: detail.message, at: now)
            actions.append(
                action(
                    .recordBakeFailure(failure: failure),
                    "attempt \(attempt) of \(image.build.maxAttempts) failed: \(detail.message)"))
            message = "attempt \(attempt) of \(image.build.maxAttempts) failed: \(detail.message)"
        }
        if let builder = observation.builder {
            if image.build.keepOnFailure {
                let tags = phaseTags(BuilderPhaseTag.failedKept)
                actions.append(
                    action(
                        .keepFailedBuilder(instanceId: builder.id, tags: tags),
                        "the bake failed; keepOnFailure keeps the builder stopped for debugging"))
            } else {
                actions.append(
                    action(
                        .terminateBuilder(instanceId: builder.id, tags: phaseTags(BuilderPhaseTag.failed)),
                        "the bake failed: \(detail.message)"))
            }
        }
        let removable = partial.filter { context.mayDeregister && !context.inUse.contains($0.id) }
        for ami in removable.sorted(by: { ($0.region, $0.id) < ($1.region, $1.id) }) {
            actions.append(
                action(
                    .deregisterImage(imageId: ami.id, snapshotIds: ami.snapshotIds.sorted()),
                    "partial AMI of a failed attempt (\(ami.state))", region: ami.region))
        }
        return BakeStep(phase: .failed, status: .failed(message), actions: actions)
    }

    /// Before new work after failures: stalled after maxAttempts, waiting during the backoff.
    func retryGate() -> BakeStep? {
        guard let failures = observation.failures, failures.attempts > 0 else { return nil }
        let maxAttempts = image.build.maxAttempts
        if failures.attempts >= maxAttempts {
            return BakeStep(
                phase: .stalled,
                status: .stalled(
                    "\(key) failed \(failures.attempts) of \(maxAttempts) attempts (last: \(failures.lastError)); "
                        + "change the manifest to retry"),
                actions: [])
        }
        let backoff = context.configuration.backoff(afterFailures: failures.attempts)
        let retryAt = failures.lastFailureAt.addingTimeInterval(backoff)
        if now < retryAt {
            return wait(
                .backingOff,
                "backing off after attempt \(failures.attempts) failed (\(failures.lastError)); "
                    + "next attempt at \(KilnNames.timestamp(retryAt))",
                until: retryAt)
        }
        return nil
    }

    /// A failure of this AMI was recorded after it was created.
    func failureRecorded(for ami: ObservedImage) -> Bool {
        guard let failures = observation.failures else { return false }
        return failures.lastFailureAt >= ami.creationDate
    }
}
