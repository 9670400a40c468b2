import AWS
import Foundation
import Planner

// MARK: - kiln restore: re-enable a disabled version

/// What `restore` did to one AMI.
public struct RestoredImage: Sendable, Equatable {
    public var region: String
    public var imageId: String
    /// `done` (re-enabled), `alreadyDone` (it was not disabled) or `refused` (not Kiln's by evidence).
    public var status: ActionOutcome.Status
}

extension Executor {
    /// Re-enables every AMI of `image` at `version` (by semantic-version precedence) in `region` that carries this
    /// owner's tags; an AMI whose name or account does not prove Kiln made it is refused, never enabled.
    public func restore(image: String, version: SemanticVersion, region: String) async throws -> [RestoredImage] {
        let candidates = try await ec2(region).describeImages(
            .init(
                owners: ["self"],
                filters: [
                    .init(name: "tag:\(KilnTag.image)", values: [image]),
                    .init(name: "tag:\(KilnTag.owner)", values: [owner]),
                ],
                includeDisabled: true))
        var restored: [RestoredImage] = []
        for candidate in candidates.sorted(by: { $0.imageId < $1.imageId }) {
            guard candidate.state != "deregistered", candidate.tags[tag: KilnTag.image] == image,
                candidate.tags[tag: KilnTag.version].flatMap(SemanticVersion.init) == version
            else { continue }
            let effect = try await enableImage(candidate.imageId, region: region)
            restored.append(RestoredImage(region: region, imageId: candidate.imageId, status: effect.status))
        }
        return restored
    }
}
