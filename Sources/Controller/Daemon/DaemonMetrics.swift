import Cloud
import CoreMetrics
import Foundation
import Metrics
import Planner

// MARK: - What the daemon counts

/// The daemon's swift-metrics instruments, made on an injected factory (Prometheus in `kiln daemon`, a test
/// factory in tests). AWS calls are counted by the AWS module as `kiln_aws_calls_total{service,action,outcome}`
/// on the global factory.
public struct DaemonMetrics: Sendable {
    let factory: any MetricsFactory
    /// The fleet gauges last recorded.
    let fleetSeries = FleetSeries()

    /// Instruments on `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Instruments on the global factory (`MetricsSystem.factory`).
    public static var global: DaemonMetrics { DaemonMetrics(factory: MetricsSystem.factory) }

    // MARK: - Cycles

    /// `kiln_cycles_total{outcome}`, `kiln_cycle_duration_seconds`, and per-action counters.
    func cycle(_ report: CycleReport, outcome: CycleOutcome) {
        Counter(label: "kiln_cycles_total", dimensions: [("outcome", outcome.rawValue)], factory: factory).increment()
        let duration = max(report.finishedAt.timeIntervalSince(report.startedAt), 0)
        Timer(label: "kiln_cycle_duration_seconds", factory: factory)
            .recordNanoseconds(Int64(duration * 1_000_000_000))
        for outcome in report.outcomes {
            let result = outcome.status.name
            if Self.bakePhases.contains(outcome.action.kind.name) {
                Counter(
                    label: "kiln_bake_actions_total",
                    dimensions: [("phase", outcome.action.kind.name), ("outcome", result)], factory: factory
                ).increment()
            }
            if case .deregisterImage = outcome.action.kind {
                Counter(label: "kiln_prunes_total", dimensions: [("outcome", result)], factory: factory).increment()
            }
        }
        if report.planned {
            fleet(
                [(report.homeAccount, report.fleet)] + report.accounts.map { ($0.account, $0.fleet) },
                at: report.finishedAt)
        }
        for recorded in report.recordedFailures {
            Counter(
                label: "kiln_bake_failures_total",
                dimensions: [("image", recorded.failure.image), ("step", recorded.failure.step ?? "kiln")],
                factory: factory
            ).increment()
        }
    }

    // MARK: - Git

    /// `kiln_git_fetches_total{outcome}`.
    func fetch(succeeded: Bool) {
        Counter(
            label: "kiln_git_fetches_total", dimensions: [("outcome", succeeded ? "success" : "error")],
            factory: factory
        ).increment()
    }

    /// `kiln_last_observed_commit_timestamp_seconds`: the commit time of the manifests last reconciled.
    func observedCommit(at date: Date) {
        Gauge(label: "kiln_last_observed_commit_timestamp_seconds", factory: factory)
            .record(date.timeIntervalSince1970)
    }

    /// `kiln_status_writes_total{outcome}`: pushed, unchanged or failed status write-backs.
    func statusWrite(_ outcome: String) {
        Counter(label: "kiln_status_writes_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// `kiln_status_push_retries_total`: pushes refused because the branch moved.
    func pushRetry() {
        Counter(label: "kiln_status_push_retries_total", factory: factory).increment()
    }

    /// `kiln_source_refusals_total{reason}`: manifest commits refused (counted once per commit and reason).
    func sourceRefusal(reason: String) {
        Counter(label: "kiln_source_refusals_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// `kiln_source_refused`: 1 while the branch's newest manifest commit is refused, else 0.
    func sourceRefused(blocked: Bool) {
        Gauge(label: "kiln_source_refused", factory: factory).record(blocked ? 1 : 0)
    }

    // MARK: - Webhooks

    /// `kiln_webhooks_total{event,outcome}`.
    func webhook(event: String, outcome: String) {
        Counter(
            label: "kiln_webhooks_total", dimensions: [("event", event), ("outcome", outcome)], factory: factory
        ).increment()
    }

    // MARK: - Labels

    static let bakePhases: Set<String> = [
        "launchBuilder", "sendStepCommand", "stopBuilder", "createImage", "tagSnapshots", "tagImage", "copyImage",
        "shareImage", "terminateBuilder", "keepFailedBuilder",
    ]
}
