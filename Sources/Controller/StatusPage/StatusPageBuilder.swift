import Foundation
import Manifest

// MARK: - Status documents and facts → the page's model

/// Pure: turns a status document, its manifest and its history into what the page shows.
enum StatusPageBuilder {
    static func daemon(_ facts: DaemonHealth.Snapshot, health: DaemonHealth, now: Date) -> StatusPageDaemon {
        let reasons = health.unreadyReasons(now: now)
        return StatusPageDaemon(
            role: facts.standby ? "standby" : "active", ready: reasons.isEmpty, unreadyReasons: reasons,
            lastFetchAt: facts.lastFetchAt.map(StatusTime.text), fetchError: facts.fetchError,
            lastCycleAt: facts.lastCycleAt.map(StatusTime.text), lastOutcome: facts.lastOutcome?.rawValue,
            lastSuccessAt: facts.lastSuccessAt.map(StatusTime.text),
            nextCycleAt: facts.nextCycleAt.map(StatusTime.text), observedCommit: facts.observedCommit)
    }

    static func image(
        name: String, document: StatusDocument?, manifest: ImageManifest?, depth: Int,
        revisions: [StatusHistory.Revision], now: Date
    ) -> StatusPageImage {
        let firstSeen = StatusHistory.firstSeen(revisions)
        let amis = (document?.versions ?? []).flatMap { version in
            version.regions.map { region in
                let seen = firstSeen[region.ami]
                return StatusPageAMI(
                    version: version.version, region: region.region, ami: region.ami, state: region.state,
                    firstSeen: seen.map(StatusTime.text),
                    ageSeconds: seen.map { max(0, Int(now.timeIntervalSince($0))) },
                    desired: version.version == document?.desiredVersion)
            }
        }
        return StatusPageImage(
            name: name, description: manifest?.description, manifest: manifest.map(location),
            base: manifest?.spec.source.baseImage ?? document?.base, depth: depth, status: document, amis: amis,
            bake: document.flatMap { bake($0, now: now) },
            lastFailure: document.flatMap { failure($0, manifest: manifest) })
    }

    /// The desired version's bake while the image is Baking.
    static func bake(_ document: StatusDocument, now: Date) -> StatusPageBake? {
        guard let version = document.desiredVersion,
            let baking = document.conditions.first(where: { $0.type == "Baking" })
        else { return nil }
        let failed = document.failures.first { $0.version == version && $0.recipe == document.recipe }?.attempts ?? 0
        let elapsed = StatusTime.date(baking.since).map { max(0, Int(now.timeIntervalSince($0))) }
        return StatusPageBake(
            version: version, phase: document.phase ?? "-", step: baking.message, since: baking.since,
            elapsedSeconds: elapsed, attempt: failed + 1)
    }

    /// The last failed attempt of the desired version, with the manifest line of its step.
    static func failure(_ document: StatusDocument, manifest: ImageManifest?) -> StatusPageFailure? {
        guard let last = document.failures.max(by: { $0.lastFailureAt < $1.lastFailureAt }) else { return nil }
        let steps = (manifest?.spec.provision ?? []) + (manifest?.spec.test ?? [])
        let place = steps.first { $0.name == last.lastStep }.map { "\($0.location.file):\($0.location.line)" }
        return StatusPageFailure(
            version: last.version, attempts: last.attempts, at: last.lastFailureAt, error: last.lastError,
            step: last.lastStep, exitCode: last.lastExitCode, outputTail: last.lastOutputTail,
            manifest: place ?? manifest.map(location) ?? document.manifest)
    }

    static func location(_ manifest: ImageManifest) -> String {
        "\(manifest.location.file):\(manifest.location.line)"
    }
}
