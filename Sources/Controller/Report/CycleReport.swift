import Cloud
import Foundation
import Manifest
import Planner

// MARK: - The report of one cycle

/// Everything one reconcile cycle read, decided and did: the input of status write-back, logs and metrics.
public struct CycleReport: Sendable, Encodable {
    /// The commit the manifests were read at (nil when they could not be read).
    public var commit: String?
    /// This controller's `kiln:owner`.
    public var owner: String
    /// Plan only, or plan and apply.
    public var mode: CycleMode
    public var startedAt: Date
    public var finishedAt: Date
    /// The regions observed.
    public var regions: [String]
    /// Each step of the cycle and how it ended, in order.
    public var steps: [StepRecord]
    /// Every manifest finding (errors make an image invalid).
    public var diagnostics: [Diagnostic]
    /// The plan (nil when the cycle stopped before planning).
    public var plan: Plan?
    /// Each planned action and what happened to it, in plan order (empty in plan-only mode).
    public var outcomes: [ActionOutcome]
    /// Failed bake attempts recorded this cycle (the status writer persists them).
    public var recordedFailures: [RecordedFailure]
    /// Rollout targets and sources the manifests name that do not exist.
    public var missing: [MissingResource]
    /// Problems, classified stalled / waiting / transient.
    public var issues: [CycleIssue]
    /// How the status files were published (nil when the cycle publishes nowhere or had nothing to say).
    public var publication: StatusPublication?
    /// Running instances per image, region and version (from the instances observed; empty without a plan).
    public var fleet: [FleetRegion]
    /// Each update branch pushed, kept, left or deleted after publishing (empty without a proposer).
    public var updates: [UpdateBranchRecord] = []
    /// The account Kiln runs in, as the observer read it (nil when it could not be read).
    public var homeAccount: String?
    /// Each account the manifests copy into, as the accounts step left it (empty when that step did not run).
    public var accounts: [AccountReport] = []

    /// Creates an empty report of a cycle that starts now.
    init(owner: String, mode: CycleMode, startedAt: Date) {
        self.owner = owner
        self.mode = mode
        self.startedAt = startedAt
        self.finishedAt = startedAt
        self.regions = []
        self.steps = []
        self.diagnostics = []
        self.outcomes = []
        self.recordedFailures = []
        self.missing = []
        self.issues = []
        self.fleet = []
    }

    // MARK: - Summary

    /// The cycle got as far as a plan.
    public var planned: Bool { plan != nil }

    /// The plan has something to do (anything but drift reports; waits count: not done yet).
    public var hasChanges: Bool { !(plan?.isConverged ?? true) }

    /// A plan was made, it has nothing to do, and nothing needs a person.
    public var isConverged: Bool { (plan?.isConverged ?? false) && stalled.isEmpty }

    /// Some action failed.
    public var hasFailedActions: Bool { outcomes.contains(where: \.failed) }

    /// Issues that need a person.
    public var stalled: [CycleIssue] { issues.filter { $0.category == .stalled } }

    /// Images with something left to do (drift reports aside).
    public var pendingImages: Set<String> {
        let pending = (plan?.actions ?? []).filter { action in
            if case .reportDrift = action.kind { return false }
            return true
        }
        return Set(pending.map { $0.image ?? "" })
    }

    /// Not converged, and nothing left to do will change that without a person: something is stalled and every
    /// image with pending work is stalled.
    public var isStuck: Bool {
        guard planned, !isConverged, !stalled.isEmpty else { return false }
        return pendingImages.isSubset(of: Set(stalled.compactMap(\.image)))
    }
}

/// Whether a cycle only plans or also applies.
public enum CycleMode: String, Sendable, Encodable {
    case plan, apply
}

/// The named steps of a cycle, in order.
public enum CycleStepName: String, Sendable, Encodable, CaseIterable {
    case loadManifests, observe, plan, apply, accounts, report, publish, proposeUpdates
}

/// How one step of a cycle ended.
public struct StepRecord: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Encodable {
        case succeeded, failed, skipped
    }

    public var name: CycleStepName
    public var status: Status
    /// Seconds, by the cycle's clock.
    public var duration: TimeInterval
}

/// A failed bake attempt and where its step is written.
public struct RecordedFailure: Sendable, Encodable, Equatable {
    public var failure: BakeFailure
    /// The failed step's position in the manifest (or the manifest's, for Kiln's own steps).
    public var location: SourceLocation?
}

/// Something a manifest names that AWS does not have.
public struct MissingResource: Sendable, Encodable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Encodable {
        case launchTemplate, autoScalingGroup, launchConfiguration, sourceImage
    }

    public var kind: Kind
    public var name: String
    public var region: String
    /// The image whose manifest names it.
    public var image: String

    /// `launch template attendance-api in us-east-1 (named by attendance-api)`.
    public var description: String {
        let what: String =
            switch kind {
            case .launchTemplate: "launch template"
            case .autoScalingGroup: "Auto Scaling group"
            case .launchConfiguration: "launch configuration of Auto Scaling group"
            case .sourceImage: "source image"
            }
        return "\(what) \(name) in \(region) (named by \(image))"
    }
}
