import Foundation
import Planner
import Redaction

// MARK: - Cycle report → status documents

/// Renders the status documents of one cycle from its report and the previous documents.
///
/// Pure and deterministic: the same report and previous documents give the same documents. Times come from the
/// previous documents while a condition, error or prune is unchanged, else from `now`.
public struct StatusRenderer: Sendable {
    /// The last commit that changed the manifests.
    public var observedCommit: String?
    /// When the cycle finished.
    public var now: Date
    /// The documents the status directory held, by image.
    public var previous: [String: StatusDocument]

    /// Creates a renderer.
    public init(observedCommit: String?, now: Date, previous: [String: StatusDocument]) {
        self.observedCommit = observedCommit
        self.now = now
        self.previous = previous
    }

    /// One document per image the plan reports; without a plan, the previous documents with the cycle's error.
    public func documents(for report: CycleReport) -> [String: StatusDocument] {
        guard let plan = report.plan else {
            let issue = report.issues.first
            return previous.mapValues { document in
                var document = document
                if let issue { document.lastError = error(issue, previous: document.lastError) }
                return document
            }
        }
        var documents: [String: StatusDocument] = [:]
        for image in plan.images {
            documents[image.name] = document(for: image, report: report)
        }
        return documents
    }

    // MARK: - One image

    func document(for image: ImageReport, report: CycleReport) -> StatusDocument {
        let old = previous[image.name]
        let conditions = image.conditions.map { condition in
            StatusCondition(
                type: condition.type.rawValue, message: Redaction.redact(condition.message),
                since: old?.conditions.first { $0.type == condition.type.rawValue }?.since ?? StatusTime.text(now))
        }
        var document = StatusDocument(image: image.name, state: Self.state(of: image.conditions.map(\.type)))
        document.observedCommit = observedCommit
        document.manifest = image.manifest?.file
        document.desiredVersion = image.desiredVersion?.description
        document.recipe = image.recipe
        document.base = image.base
        document.phase = image.phase?.rawValue
        document.conditions = conditions.sorted { $0.type < $1.type }
        document.versions = image.versions.map { version in
            StatusVersion(
                version: version.version, recipe: version.recipe,
                regions: version.amis.map { ami in
                    StatusRegionImage(
                        region: ami.region, ami: ami.imageId, state: ami.state.rawValue,
                        deprecationTime: ami.deprecationTime.map(StatusTime.text))
                })
        }
        document.rollout = image.rolloutTargets.map { target in
            StatusRolloutTarget(
                kind: target.kind.rawValue, name: target.name, region: target.region,
                currentVersion: target.currentVersion, currentImageId: target.currentImageId,
                desiredImageId: target.desiredImageId, converged: target.converged,
                message: Redaction.redact(target.message))
        }.sorted { ($0.kind, $0.region, $0.name) < ($1.kind, $1.region, $1.name) }
        document.kept = image.kept.map { StatusKeptVersion(version: $0.version, reasons: $0.reasons) }
        document.lastPrune = prune(of: image, report: report) ?? old?.lastPrune
        let issues = report.issues.filter { $0.image == image.name && $0.category != .waiting }
        document.lastError = issues.first.map { error($0, previous: old?.lastError) }
        document.failures = failures(of: image, report: report, previous: old)
        document.fleet = fleet(of: image.name, report: report)
        // Written after the proposals run (`StatusWriteBack.publishUpdates`); kept as it was until then.
        document.updateBranch = old?.updateBranch
        document.accountCopies = accountCopies(of: image, report: report, previous: old)
        document.accountFailures = accountFailures(of: image, report: report, previous: old)
        return document
    }

    /// The most pressing condition type.
    static func state(of types: [ConditionType]) -> String {
        let order: [ConditionType] = [.stalled, .failed, .drift, .baking, .rollingOut, .waiting, .ready, .retired]
        return order.first { types.contains($0) }?.rawValue ?? "Unknown"
    }

    private func error(_ issue: CycleIssue, previous: StatusError?) -> StatusError {
        let message = Redaction.redact(issue.message)
        let since = previous.flatMap { $0.message == message ? $0.since : nil } ?? StatusTime.text(now)
        return StatusError(reason: issue.reason.rawValue, message: message, since: since)
    }

    // MARK: - Prune

    /// The versions whose every deregistration succeeded in this cycle, with the planner's reason.
    private func prune(of image: ImageReport, report: CycleReport) -> StatusPrune? {
        let pruned = image.pruneCandidates.filter { candidate in
            let outcomes = report.outcomes.filter { outcome in
                guard outcome.action.image == image.name, case .deregisterImage(let id, _) = outcome.action.kind
                else { return false }
                return candidate.imageIds.contains(id)
            }
            return !outcomes.isEmpty && outcomes.allSatisfy(\.succeeded)
        }
        guard !pruned.isEmpty else { return nil }
        return StatusPrune(
            at: StatusTime.text(now), observedCommit: observedCommit,
            pruned: pruned.map {
                StatusPrunedVersion(version: $0.version, imageIds: $0.imageIds.sorted(), reason: $0.reason)
            })
    }
}
