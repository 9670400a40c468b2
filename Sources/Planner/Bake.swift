import Foundation

// MARK: - Bake inputs and outputs

/// What one bake is asked to do.
struct BakeContext: Sendable {
    /// The manifest of the image.
    var image: DesiredImage
    /// The bake: normally the desired version and recipe; under drift, the existing recipe.
    var key: BakeKey
    var owner: String
    var commit: String
    var configuration: PlannerConfiguration
    /// Under drift only the existing AMI is distributed: no builder is launched, nothing is deleted.
    var finishOnly: Bool = false
    /// A bake slot is free (maxConcurrentBakes).
    var slotAvailable: Bool = true
    /// Partial AMIs of a failed attempt may be deregistered now (false when nothing may be deleted
    /// this cycle: they are deregistered on a later cycle).
    var mayDeregister: Bool = true
    /// AMIs something uses: never deregistered, not even a partial one.
    var inUse: Set<String> = []
}

/// What was observed of one bake.
struct BakeObservation: Sendable {
    /// The source AMI to launch from, or why there is none yet.
    var source: SourceResolution
    /// The bake's live builder (not ending, not kept after a failure), if any.
    var builder: ObservedInstance?
    /// The builder's SSM agent is online.
    var agentOnline: Bool = false
    /// Command invocations on the builder.
    var invocations: [CommandInvocation] = []
    /// The bake's AMI in each region.
    var images: [String: ObservedImage] = [:]
    /// Failed AMIs of this bake other than those in `images` (left by earlier attempts).
    var failedImages: [ObservedImage] = []
    /// Snapshots by id.
    var snapshots: [String: ObservedSnapshot] = [:]
    /// Failed attempts recorded so far.
    var failures: BakeFailureRecord?
    /// Attempts of this bake's builders that are shutting down or terminated.
    var endedBuilderAttempts: [Int] = []
    /// Regions observed successfully.
    var knownRegions: Set<String> = []
}

/// Where the builder's source AMI comes from this cycle.
enum SourceResolution: Sendable, Equatable {
    case resolved(imageId: String, rootDeviceName: String?, summary: String)
    case waiting(String)
}

/// Where a bake stands, for reports.
public enum BakePhase: String, Sendable, Codable, Equatable {
    case waitingForSource, waitingForSlot, backingOff, launching, waitingForAgent, runningStep, stopping
    case creatingImage, waitingForImage, taggingSnapshots, copying, sharing, finishing, done, failed, stalled
}

/// The decision for one bake this cycle.
struct BakeStep: Sendable, Equatable {
    enum Status: Sendable, Equatable {
        case progressing(String)
        case waiting(String)
        case failed(String)
        case stalled(String)
        case done
    }

    var phase: BakePhase
    var status: Status
    var actions: [Action]

    /// The message of the status (empty when done).
    var message: String {
        switch status {
        case .progressing(let text), .waiting(let text), .failed(let text), .stalled(let text): text
        case .done: ""
        }
    }
}

// MARK: - Bake

/// One bake's pure decision: `next()` advances it by one step from what is observed.
struct Bake: Sendable {
    var context: BakeContext
    var observation: BakeObservation
    var now: Date

    /// Decides the next step of `context`'s bake.
    static func next(_ context: BakeContext, _ observation: BakeObservation, now: Date) -> BakeStep {
        Bake(context: context, observation: observation, now: now).next()
    }

    var image: DesiredImage { context.image }
    var key: BakeKey { context.key }
    var buildRegion: String { image.build.region }
    var recordedAttempts: Int { observation.failures?.attempts ?? 0 }

    // MARK: - Building steps

    func action(_ kind: ActionKind, _ reason: String, region: String? = nil) -> Action {
        Action(kind, reason: reason, image: key.image, version: key.version, region: region ?? buildRegion)
    }

    func progress(_ phase: BakePhase, _ message: String, _ actions: [Action]) -> BakeStep {
        BakeStep(phase: phase, status: .progressing(message), actions: actions)
    }

    func wait(_ phase: BakePhase, _ message: String, until: Date? = nil, region: String? = nil) -> BakeStep {
        BakeStep(
            phase: phase, status: .waiting(message),
            actions: [action(.wait(for: message, until: until), message, region: region)])
    }

    // MARK: - Tags

    /// The kiln tags every artifact of this bake carries, plus the manifest's tags.
    func artifactTags(sourceAMI: String?) -> [String: String] {
        var tags = image.tags
        tags.merge(KilnRecord.tags(Set(image.tags.keys), key: KilnTag.tagKeys)) { _, record in record }
        tags[KilnTag.owner] = context.owner
        tags[KilnTag.image] = key.image
        tags[KilnTag.version] = key.version.description
        tags[KilnTag.recipe] = key.recipe
        tags[KilnTag.commit] = context.commit
        if let sourceAMI { tags[KilnTag.sourceAMI] = sourceAMI }
        return tags
    }

    /// Tags that move a builder to `phase` now.
    func phaseTags(_ phase: String, _ extra: [String: String] = [:]) -> [String: String] {
        extra.merging([KilnTag.phase: phase, KilnTag.since: KilnNames.timestamp(now)]) { _, new in new }
    }

    /// Copies an observed artifact's tags for a related artifact (never `aws:` keys, never the record of
    /// accounts the source was shared with: a copy is shared, and recorded, on its own).
    static func copyableTags(_ tags: [String: String]) -> [String: String] {
        let shared = KilnRecord.keys(in: tags, key: KilnTag.sharedWith)
        return tags.filter { !$0.key.hasPrefix("aws:") && !shared.contains($0.key) }
    }
}

extension CopyImage {
    /// The copy of the AMI of bake `key` of `image` into another region or account: its name, its copyable tags, a
    /// description naming the bake and the source; encrypted when the build encrypts its root volume or `kmsKeyId`
    /// is set.
    init(of ami: ObservedImage, key: BakeKey, image: DesiredImage, kmsKeyId: String?, clientToken: ClientToken) {
        self.init(
            sourceImageId: ami.id, sourceRegion: ami.region, name: ami.name,
            description: "Kiln \(key.image) \(key.version) (recipe \(key.recipe.prefix(8))), copied from "
                + "\(ami.id) in \(ami.region)",
            tags: Bake.copyableTags(ami.tags), encrypted: image.build.rootVolume.encrypted || kmsKeyId != nil,
            kmsKeyId: kmsKeyId, clientToken: clientToken)
    }
}

/// Formats seconds for people: `45m`, `1h30m`, `90s`, `7d`.
func formatDuration(_ seconds: TimeInterval) -> String {
    var rest = Int(seconds.rounded())
    guard rest > 0 else { return "0s" }
    var text = ""
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
        text += "\(rest / size)\(unit)"
        rest %= size
    }
    return text
}
