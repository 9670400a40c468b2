import Foundation

// MARK: - Entry point

/// Plans one reconcile cycle: bake, roll out, prune and sweep, every action with its reason.
///
/// Pure and deterministic: the same inputs give the same plan, whatever the order of their lists.
public func plan(
    desired: DesiredState, actual: ActualState, now: Date,
    configuration: PlannerConfiguration = PlannerConfiguration()
) -> Plan {
    Planning(desired: desired, actual: actual, now: now, configuration: configuration).run()
}

// MARK: - Planning

/// The inputs of one plan and the indexes over them.
struct Planning: Sendable {
    let desired: DesiredState
    let inventory: Inventory
    let now: Date
    let configuration: PlannerConfiguration
    /// Valid images in dependency order (a base before the images built on it).
    let ordered: [DesiredImage]
    /// Why nothing may be deleted anywhere this cycle, if so.
    let destructiveBlock: String?
    let snapshotsById: [String: ObservedSnapshot]

    init(desired: DesiredState, actual: ActualState, now: Date, configuration: PlannerConfiguration) {
        self.desired = desired
        self.inventory = Inventory(actual, owner: desired.owner)
        self.now = now
        self.configuration = configuration
        self.ordered = DependencyOrder.sort(desired.images)
        self.destructiveBlock = Self.destructiveBlock(desired, configuration)
        var snapshots: [String: ObservedSnapshot] = [:]
        for snapshot in actual.snapshots.sorted(by: { ($0.region, $0.id) < ($1.region, $1.id) })
        where snapshots[snapshot.id] == nil {
            snapshots[snapshot.id] = snapshot
        }
        self.snapshotsById = snapshots
    }

    var owner: String { desired.owner }

    func isInvalid(_ name: String) -> Bool { desired.invalidImageNames.contains(name) }

    /// The manifest of `name`, when it is valid.
    func manifest(_ name: String) -> DesiredImage? {
        guard !isInvalid(name) else { return nil }
        return ordered.first { $0.name == name }
    }

    private static func destructiveBlock(_ desired: DesiredState, _ configuration: PlannerConfiguration) -> String? {
        guard desired.loadedCompletely else {
            return "the manifest set did not load completely: nothing is deleted this cycle"
        }
        let count = Set(desired.images.map(\.name)).union(desired.invalidImageNames).count
        if let previous = configuration.previousImageCount, previous > 0, count < previous {
            let lost = Double(previous - count) / Double(previous)
            if lost > configuration.maxShrinkFraction {
                let percent = Int((configuration.maxShrinkFraction * 100).rounded())
                return "the manifest set shrank from \(previous) to \(count) images (more than \(percent) %): "
                    + "nothing is deleted this cycle"
            }
        }
        return nil
    }

    // MARK: - Run

    func run() -> Plan {
        var actions: [Action] = []
        var reports: [ImageReport] = []
        var ownedBuilders: Set<String> = []
        var slots = configuration.maxConcurrentBakes - activeBakeCount()
        for image in ordered {
            if isInvalid(image.name) { continue }
            let outcome = planImage(image, slotAvailable: slots > 0)
            if outcome.launched { slots -= 1 }
            ownedBuilders.formUnion(outcome.ownedBuilders)
            actions += outcome.actions
            reports.append(outcome.report)
        }
        for name in desired.invalidImageNames.sorted() {
            var report = ImageReport(name: name, image: desired.images.first { $0.name == name })
            report.conditions = [
                Condition(
                    type: .stalled, message: "the manifest is invalid: nothing is baked, rolled out or deleted")
            ]
            reports.append(report)
        }
        actions += sweep(ownedBuilders: ownedBuilders)
        var notices = destructiveBlock.map { [$0] } ?? []
        notices += desired.invalidImageNames.sorted().map {
            "\($0): the manifest is invalid; nothing is changed for it"
        }
        let managed = Set(desired.images.map(\.name)).union(desired.invalidImageNames)
        for name in inventory.oursByImage.keys.sorted() where !managed.contains(name) {
            let count = inventory.oursByImage[name]?.count ?? 0
            notices.append("\(name): \(count) AMI(s) of ours but no manifest: Kiln no longer manages them")
        }
        notices += ownershipNotices()
        let sorted = ActionOrder.sort(actions, images: ordered.map(\.name))
        return Plan(actions: sorted, images: reports, notices: notices, cost: cost(of: sorted))
    }

    /// Resources carrying this owner's tags without the evidence that Kiln made them: reported, never touched.
    private func ownershipNotices() -> [String] {
        var notices: [String] = []
        for instance in inventory.impostorBuilders {
            notices.append(
                "instance \(instance.id) in \(instance.region) is tagged as a builder of \(owner) but was not "
                    + "launched with Kiln's client token: it is never stopped or terminated")
        }
        let forged = inventory.actual.images
            .filter { $0.tags.isOwned(by: owner) && $0.state != .deregistered && !inventory.isOurs($0) }
            .sorted { ($0.region, $0.id) < ($1.region, $1.id) }
        for image in forged {
            notices.append(
                "\(image.id) in \(image.region) carries the tags of \(owner) but its name (\(image.name)) or "
                    + "account does not prove Kiln made it: it is never deregistered, deprecated, shared or tagged")
        }
        return notices
    }

    /// Bakes of desired images that have a live builder now: they hold a slot.
    private func activeBakeCount() -> Int {
        let keys = Set(
            ordered.filter { !$0.retired && !isInvalid($0.name) }.map {
                BakeKey(image: $0.name, version: $0.version, recipe: $0.recipe)
            })
        let active = inventory.builders.filter { builder in
            !builder.state.isEnding && builder.tags[KilnTag.phase] != BuilderPhaseTag.failedKept
                && keys.contains { builder.tags.isBake($0, owner: owner) }
        }
        return Set(active.compactMap { builder in keys.first { builder.tags.isBake($0, owner: owner) } }).count
    }
}
