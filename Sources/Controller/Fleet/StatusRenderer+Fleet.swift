import Foundation

// MARK: - fleet: in status/<image>.yaml

extension StatusRenderer {
    /// The image's running instances per region; nil when none run. No age is written (it would change every
    /// cycle and make a commit): the oldest version's AMI creation time is, and `/metrics` has the age.
    func fleet(of image: String, report: CycleReport) -> [StatusFleet]? {
        let regions = report.fleet.filter { $0.image == image }
        guard !regions.isEmpty else { return nil }
        return regions.map { region in
            let oldest = region.oldest
            return StatusFleet(
                region: region.region, instances: region.instances,
                versions: region.versions.map { StatusFleetVersion(version: $0.version, instances: $0.instances) },
                oldestVersion: oldest?.version, oldestVersionCreated: oldest.map { StatusTime.text($0.created) })
        }
    }
}
