import Foundation
import Planner

// MARK: - Which versions the running instances use

/// The running instances of one image in one region, by version, and the oldest version still running.
public struct FleetRegion: Sendable, Equatable, Encodable {
    /// How many running instances use one version.
    public struct Version: Sendable, Equatable, Encodable {
        public var version: String
        public var instances: Int
        /// When the version's AMI in this region was created.
        public var created: Date
    }

    public var image: String
    public var region: String
    /// Newest first.
    public var versions: [Version]

    /// The version whose AMI is the oldest among those running (by creation time, then version).
    public var oldest: Version? {
        versions.min { ($0.created, $0.version) < ($1.created, $1.version) }
    }

    /// How many running instances use any version of the image here.
    public var instances: Int { versions.reduce(0) { $0 + $1.instances } }
}

/// Counts running instances per image version and region, from what the observer already listed.
public enum FleetCensus {
    /// One entry per image and region with running instances of its AMIs (this controller's, as the plan reports
    /// them); sorted by image, then region.
    public static func count(_ plan: Plan, _ actual: ActualState) -> [FleetRegion] {
        let created = Dictionary(actual.images.map { ($0.id, $0.creationDate) }, uniquingKeysWith: { a, _ in a })
        var owners: [String: (image: String, version: String)] = [:]
        for image in plan.images {
            for version in image.versions {
                for ami in version.amis { owners[ami.imageId] = (image.name, version.version) }
            }
        }
        var counts: [String: [String: [String: FleetRegion.Version]]] = [:]
        for instance in actual.instances where instance.state == .running {
            guard let owner = owners[instance.imageId] else { continue }
            let date = created[instance.imageId] ?? .distantPast
            var entry =
                counts[owner.image]?[instance.region]?[owner.version]
                ?? FleetRegion.Version(version: owner.version, instances: 0, created: date)
            entry.instances += 1
            entry.created = min(entry.created, date)
            counts[owner.image, default: [:]][instance.region, default: [:]][owner.version] = entry
        }
        var fleet: [FleetRegion] = []
        for (image, regions) in counts {
            for (region, versions) in regions {
                fleet.append(
                    FleetRegion(image: image, region: region, versions: sortedNewestFirst(Array(versions.values))))
            }
        }
        return fleet.sorted { ($0.image, $0.region) < ($1.image, $1.region) }
    }

    private static func sortedNewestFirst(_ versions: [FleetRegion.Version]) -> [FleetRegion.Version] {
        versions.sorted { lhs, rhs in
            switch (SemanticVersion(lhs.version), SemanticVersion(rhs.version)) {
            case (let left?, let right?) where left != right: left > right
            default: (lhs.created, lhs.version) > (rhs.created, rhs.version)
            }
        }
    }
}
