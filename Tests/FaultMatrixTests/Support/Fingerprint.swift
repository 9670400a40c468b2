import Foundation

/// The world with every id replaced by what it stands for (`web@1.1.0`, `base`), so a fault run and a fault-free
/// run compare equal exactly when they built the same things.
struct Fingerprint: Equatable, Sendable, CustomStringConvertible {
    /// Kiln's AMIs as `image@version state snapshots=N`, sorted (a duplicate shows twice).
    var amis: [String]
    /// Kiln-tagged snapshots as `image@version`, sorted.
    var snapshots: [String]
    /// Snapshots made during the run that no image uses.
    var orphanSnapshots: Int
    /// Builders not terminated.
    var liveBuilders: Int
    /// Launch templates as `name default=N latest=N 1:label,2:label…`.
    var launchTemplates: [String]
    /// Groups on a launch configuration, as `group → label`.
    var launchConfigurations: [String]
    /// Every launch configuration, as `name → label` (Kiln's names derive from image, version and recipe).
    var configurations: [String]

    var description: String {
        """
        amis \(amis); snapshots \(snapshots); orphans \(orphanSnapshots); live builders \(liveBuilders); \
        templates \(launchTemplates); groups \(launchConfigurations); configurations \(configurations)
        """
    }
}

/// Names the ids a run has seen: Kiln's AMIs by image and version, the base image, the rest as `other`.
struct IDLabels: Sendable {
    private var labels: [String: String] = [:]

    init(base: String) {
        labels[base] = "base"
    }

    /// Learns the labels of the AMIs in `state` (a deregistered AMI keeps its label).
    mutating func learn(_ state: RegionState) {
        for image in state.images where image.tags["kiln:image"] != nil {
            labels[image.id] = "\(image.tags["kiln:image"] ?? "")@\(image.tags["kiln:version"] ?? "")"
        }
    }

    func label(_ id: String) -> String { labels[id] ?? (id.isEmpty ? "-" : "other") }

    /// The fingerprint of `state`, after learning its labels.
    mutating func fingerprint(_ state: RegionState, baselineSnapshots: Set<String>) -> Fingerprint {
        learn(state)
        let kilnImages = state.images.filter { $0.tags["kiln:image"] != nil }
        let templates = state.launchTemplates.map { template in
            let versions = template.versions.sorted { Int($0.key) ?? 0 < Int($1.key) ?? 0 }
                .map { "\($0.key):\(label($0.value))" }.joined(separator: ",")
            return "\(template.name) default=\(template.defaultVersion) latest=\(template.latestVersion) \(versions)"
        }
        let groups = state.groups.filter { !$0.value.isEmpty }.map { group, _ in
            "\(group) → \(label(state.launchConfigurationImage(of: group) ?? ""))"
        }
        return Fingerprint(
            amis: kilnImages.map { "\(label($0.id)) \($0.state) snapshots=\($0.snapshots.count)" }.sorted(),
            snapshots: state.snapshots.compactMap { snapshot in
                snapshot.tags["kiln:image"].map { "\($0)@\(snapshot.tags["kiln:version"] ?? "")" }
            }.sorted(),
            orphanSnapshots: state.orphanSnapshots.filter { !baselineSnapshots.contains($0.id) }.count,
            liveBuilders: state.liveBuilders.count,
            launchTemplates: templates.sorted(),
            launchConfigurations: groups.sorted(),
            configurations: state.launchConfigurations.map { "\($0.key) → \(label($0.value))" }.sorted())
    }
}
