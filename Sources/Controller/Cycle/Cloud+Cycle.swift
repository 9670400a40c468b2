import AWS
import Cloud
import Foundation
import Logging
import Planner

// MARK: - The Cloud layer behind the cycle's protocols

/// Observes AWS through the Cloud layer's `Observer`.
public struct CloudObserver: Observing {
    let observer: Observer

    /// Wraps an observer.
    public init(_ observer: Observer) {
        self.observer = observer
    }

    public func observe(desired: DesiredState, regions: Set<String>) async throws -> ObservedWorld {
        let observation = await observer.observe(regions: regions.sorted(), desired: desired)
        try Task.checkCancellation()
        var failures = observation.regionFailures.sorted { $0.key < $1.key }.map { region, error in
            ObservationFailure(region: region, message: error.description, wholeRegion: true)
        }
        failures += observation.lookupFailures.map { failure in
            ObservationFailure(
                region: failure.region, message: "source lookup failed: \(failure.error)", wholeRegion: false)
        }
        return ObservedWorld(actual: observation.actual, failures: failures)
    }
}

/// The Cloud layer's `Executor` carries out actions as it is: its outcome goes straight into the report.
extension Executor: Executing {}

extension Cycle {
    /// A cycle over the Cloud layer: an observer and an executor on `client`, owned by `configuration.owner`.
    public init(
        source: any ManifestSource, client: AWSClient, configuration: Configuration,
        clock: any CycleClock = SystemCycleClock(), logger: Logger = Logger(label: "kiln.cycle")
    ) {
        let observer = Observer(
            client: client, configuration: .init(parameterPrefixes: configuration.guardrails.ssmParameterPrefixes),
            logger: logger, now: { clock.now() })
        let executor = Executor(client: client, owner: configuration.owner, logger: logger)
        self.init(
            source: source, observer: CloudObserver(observer), executor: executor,
            configuration: configuration, clock: clock, logger: logger)
    }
}
