import Foundation
import Logging
import Manifest
import Planner

// MARK: - Step 1: load the manifests at the tip

extension Cycle {
    /// Reads the manifests (and status files) of one commit and builds the desired state.
    func loadManifests(_ state: inout CycleState) async -> StepResult {
        let snapshot: SourceSnapshot
        do {
            snapshot = try await source.snapshot()
        } catch {
            state.report.issues.append(.source(error))
            logger.error("cannot read the manifests", metadata: ["reason": "\(error.reason)", "error": "\(error)"])
            return .stop
        }
        state.snapshot = snapshot
        state.report.commit = snapshot.commit
        let manifests = (snapshot.manifestSet ?? ManifestLoader.load(files: snapshot.manifests))
            .checked(against: configuration.guardrails)
        state.manifests = manifests
        state.report.diagnostics = manifests.diagnostics
        state.desired = DesiredState(manifestSet: manifests, commit: snapshot.commit, owner: configuration.owner)
        for file in manifests.invalidFiles.sorted() {
            let contents = snapshot.manifests.first { $0.path == file }
            if let name = contents.flatMap(Self.declaredName) { state.invalidFileImages[file] = name }
        }
        logger.debug(
            "manifests loaded",
            metadata: [
                "commit": "\(snapshot.commit)", "images": "\(manifests.images.count)",
                "invalid": "\(manifests.invalidFiles.count)",
            ])
        return .proceed
    }

    /// `metadata.name` of a manifest that did not validate, if the YAML can be read that far.
    static func declaredName(_ file: ManifestFile) -> String? {
        guard String(validating: file.contents, as: UTF8.self) != nil,
            let root = YAMLEventReader.document(file.contents, maxBytes: ManifestLoader.maxManifestBytes),
            let name = root["metadata"]?["name"]?.scalar, name.tag == .string
        else { return nil }
        return name.string
    }
}

// MARK: - Step 2: observe AWS

extension Cycle {
    /// Observes every region the valid manifests mention (and the extra ones), then adds the recorded failures.
    func observe(_ state: inout CycleState) async -> StepResult {
        guard let desired = state.desired else { return .stop }
        let regions = desired.regions.union(configuration.extraRegions)
        state.report.regions = regions.sorted()
        let world: ObservedWorld
        do {
            world = try await observer.observe(desired: desired, regions: regions)
        } catch {
            state.report.issues.append(.observeFailed(Self.describe(error)))
            logger.error("cannot observe AWS", metadata: ["error": "\(Self.describe(error))"])
            return .stop
        }
        var actual = world.actual
        let explained = Set(world.failures.filter(\.wholeRegion).map(\.region))
        for failure in world.failures {
            state.report.issues.append(.observeFailed(failure))
        }
        for region in actual.failedRegions.subtracting(explained).sorted() {
            state.report.issues.append(
                .observeFailed(ObservationFailure(region: region, message: "not observed", wholeRegion: true)))
        }
        actual.bakeFailures = FailureHistory.merge(
            status: StatusFailures.read(state.snapshot?.statusFiles ?? []), observed: actual.bakeFailures)
        state.actual = actual
        return .proceed
    }

    /// An error's description; cancellation reads as such.
    static func describe(_ error: any Error) -> String {
        error is CancellationError ? "cancelled" : String(describing: error)
    }
}

// MARK: - Step 3: plan

extension Cycle {
    /// Plans the cycle from the desired and the actual state, at the clock's now.
    func plan(_ state: inout CycleState) -> StepResult {
        guard let desired = state.desired, let actual = state.actual else { return .stop }
        var planner = configuration.planner
        if planner.previousImageCount == nil {
            let known = StatusFailures.imageNames(state.snapshot?.statusFiles ?? []).count
            planner.previousImageCount = known > 0 ? known : nil
        }
        let plan = Planner.plan(desired: desired, actual: actual, now: clock.now(), configuration: planner)
        state.report.plan = plan
        state.report.missing = MissingResources.find(desired: desired, actual: actual)
        return .proceed
    }
}
