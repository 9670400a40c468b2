import AWS
import Foundation
import Planner

// MARK: - Ending builders (fail closed)

extension Executor {
    /// Terminates a builder after re-reading it: it must carry our `kiln:owner` and `kiln:role=builder`.
    /// A builder already gone or ending needs nothing. `tags` (may be empty) are set first.
    func terminateBuilder(
        _ instanceId: String, tags: [String: String], region: String, sweep: Bool
    ) async throws -> ActionOutcome {
        let ec2 = ec2(region)
        let found: EC2.Instance?
        do {
            found = try await ec2.describeInstances(.init(instanceIds: [instanceId])).first {
                $0.instanceId == instanceId
            }
        } catch let error as AWSError where error.code == AWSCodes.instanceNotFound {
            return ActionOutcome(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        guard let instance = found else {
            return ActionOutcome(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        let state = instance.state?.name ?? "unknown"
        if state == "terminated" || state == "shutting-down" {
            return ActionOutcome(.alreadyDone, instanceId: instanceId, detail: "the instance is \(state)")
        }
        let instanceTags = instance.tags.dictionary
        if let refusal = refusal(ownerTag: instanceTags[KilnTag.owner], what: "instance \(instanceId)") {
            return ActionOutcome(.refused(refusal), instanceId: instanceId)
        }
        guard instanceTags[KilnTag.role] == "builder" else {
            return ActionOutcome(
                .refused("instance \(instanceId) is not tagged \(KilnTag.role)=builder"), instanceId: instanceId)
        }
        if !tags.isEmpty { try await ec2.createTags(resources: [instanceId], tags: tags.ec2Tags) }
        do {
            _ = try await ec2.terminateInstances(instanceIds: [instanceId])
        } catch let error as AWSError where error.code == AWSCodes.instanceNotFound {
            return ActionOutcome(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        return ActionOutcome(.done, instanceId: instanceId, detail: sweep ? "orphan builder terminated" : nil)
    }

    /// Why a resource with this `kiln:owner` tag must not be deleted, or nil when it is ours.
    func refusal(ownerTag: String?, what: String) -> String? {
        guard let ownerTag else { return "\(what) has no \(KilnTag.owner) tag" }
        guard ownerTag == owner else { return "\(what) is owned by \(ownerTag), not by this controller" }
        return nil
    }
}
