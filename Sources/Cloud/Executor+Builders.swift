import AWS
import Foundation
import Planner

// MARK: - Ending builders (fail closed)

extension Executor {
    /// Terminates a builder after re-reading it: it must carry our `kiln:owner` and `kiln:role=builder` and have
    /// been launched with Kiln's client token for those tags.
    /// A builder already gone or ending needs nothing. `tags` (may be empty) are set first.
    func terminateBuilder(
        _ instanceId: String, tags: [String: String], region: String, sweep: Bool
    ) async throws -> Effect {
        let ec2 = ec2(region)
        let found: EC2.Instance?
        do {
            found = try await ec2.describeInstances(.init(instanceIds: [instanceId])).first {
                $0.instanceId == instanceId
            }
        } catch let error as AWSError where error.code == AWSCodes.instanceNotFound {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        guard let instance = found else {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        let state = instance.state?.name ?? "unknown"
        if state == "terminated" || state == "shutting-down" {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is \(state)")
        }
        if let refusal = builderRefusal(instance) {
            return Effect(.refused(refusal), instanceId: instanceId)
        }
        if !tags.isEmpty { try await ec2.createTags(resources: [instanceId], tags: tags.ec2Tags) }
        let changes: [EC2.InstanceStateChange]
        do {
            changes = try await ec2.terminateInstances(instanceIds: [instanceId])
        } catch let error as AWSError where error.code == AWSCodes.instanceNotFound {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        try Self.checkStateChange(changes, instanceId: instanceId, operation: "terminateInstances", region: region)
        return Effect(.done, instanceId: instanceId, detail: sweep ? "orphan builder terminated" : nil)
    }

    /// Why a resource with this `kiln:owner` tag must not be deleted, or nil when it is ours.
    func refusal(ownerTag: String?, what: String) -> String? {
        guard let ownerTag else { return "\(what) has no \(KilnTag.owner) tag" }
        guard ownerTag == owner else { return "\(what) is owned by \(ownerTag), not by this controller" }
        return nil
    }

    /// A `TerminateInstances` / `StopInstances` answer is a success only when it lists the instance.
    static func checkStateChange(
        _ changes: [EC2.InstanceStateChange], instanceId: String, operation: String, region: String
    ) throws {
        guard changes.contains(where: { $0.instanceId == instanceId }) else {
            throw CloudError.unexpected(
                "AWS did not list instance \(instanceId) as changing state", operation: "\(operation) \(instanceId)",
                region: region)
        }
    }

    /// Re-reads a builder before a command is sent to it or it is stopped: nil when it is ours by evidence,
    /// else the outcome to return.
    func refusalToActOnBuilder(_ instanceId: String, region: String) async throws -> Effect? {
        let found: EC2.Instance?
        do {
            found = try await ec2(region).describeInstances(.init(instanceIds: [instanceId])).first {
                $0.instanceId == instanceId
            }
        } catch let error as AWSError where error.code == AWSCodes.instanceNotFound {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        guard let instance = found else {
            return Effect(.alreadyDone, instanceId: instanceId, detail: "the instance is gone")
        }
        if let refusal = builderRefusal(instance) { return Effect(.refused(refusal), instanceId: instanceId) }
        return nil
    }
}
