import Foundation

// MARK: - Plan

/// The result of planning one cycle.
public struct Plan: Sendable, Equatable, Codable {
    /// What to do, in order.
    public var actions: [Action]
    /// One report per image (desired or invalid), in dependency order.
    public var images: [ImageReport]
    /// Plan-wide notices (for example why nothing is deleted this cycle).
    public var notices: [String]
    /// Nothing to do: no action but drift reports.
    public var isConverged: Bool
    /// What the plan will spend and save: estimates from a dated price table.
    public var cost: PlanCost?

    /// Creates a plan.
    public init(actions: [Action], images: [ImageReport], notices: [String], cost: PlanCost? = nil) {
        self.actions = actions
        self.images = images
        self.notices = notices
        self.cost = cost
        self.isConverged = actions.allSatisfy(\.kind.isInformationalOnly)
    }
}

extension ActionKind {
    /// Drift reports need nothing done; waits mean "not converged yet".
    var isInformationalOnly: Bool {
        if case .reportDrift = self { return true }
        return false
    }

    /// A wait or a drift report: no AWS call.
    public var isInformational: Bool {
        switch self {
        case .reportDrift, .wait: true
        default: false
        }
    }
}

// MARK: - Image report

/// The status of one image after planning.
public struct ImageReport: Sendable, Equatable, Codable {
    public var name: String
    public var manifest: ManifestLocation?
    public var desiredVersion: SemanticVersion?
    public var recipe: String?
    /// `spec.source.image`: the Kiln image this one is built on.
    public var base: String?
    /// Where the desired version's bake stands.
    public var phase: BakePhase?
    /// The conditions that hold, each with a message.
    public var conditions: [Condition]
    /// Every version with AMIs of ours, newest first.
    public var versions: [VersionReport]
    public var rolloutTargets: [RolloutTargetReport]
    /// Versions this plan deregisters, with why that is safe.
    public var pruneCandidates: [PruneCandidate]
    /// Versions kept, with why.
    public var kept: [KeptVersion]
    /// Why nothing of this image is pruned this cycle, if so.
    public var pruneBlockedBy: String?
    /// The last recorded failure of the desired bake.
    public var lastFailure: BakeFailureRecord?

    init(name: String, image: DesiredImage?) {
        self.name = name
        self.manifest = image?.manifest
        self.desiredVersion = image?.version
        self.recipe = image?.recipe
        if case .image(let base) = image?.source { self.base = base }
        self.conditions = []
        self.versions = []
        self.rolloutTargets = []
        self.pruneCandidates = []
        self.kept = []
    }
}

/// A condition of an image.
public struct Condition: Sendable, Equatable, Codable {
    public var type: ConditionType
    public var message: String
}

/// Condition types, as in the status files.
public enum ConditionType: String, Sendable, Equatable, Codable, CaseIterable {
    case ready = "Ready"
    case baking = "Baking"
    case rollingOut = "RollingOut"
    case failed = "Failed"
    case stalled = "Stalled"
    case drift = "Drift"
    case waiting = "Waiting"
    case retired = "Retired"
}

/// One version's AMIs.
public struct VersionReport: Sendable, Equatable, Codable {
    public var version: String
    public var recipe: String?
    public var amis: [RegionImage]
}

/// An AMI in one region.
public struct RegionImage: Sendable, Equatable, Codable {
    public var region: String
    public var imageId: String
    public var state: ImageState
    public var deprecationTime: Date?
}

/// A rollout target and the version it points at.
public struct RolloutTargetReport: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable {
        case launchTemplate, launchConfiguration, ssmParameter
    }

    public var kind: Kind
    public var name: String
    public var region: String
    public var currentImageId: String?
    public var currentVersion: String?
    public var desiredImageId: String?
    public var converged: Bool
    public var message: String
}

/// A version this plan deregisters.
public struct PruneCandidate: Sendable, Equatable, Codable {
    public var version: String
    public var imageIds: [String]
    public var reason: String
}

/// A version kept, and every reason it is kept.
public struct KeptVersion: Sendable, Equatable, Codable {
    public var version: String
    public var reasons: [String]
}
